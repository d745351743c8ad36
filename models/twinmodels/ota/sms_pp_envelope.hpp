#pragma once
// The ENVELOPE (SMS-PP DOWNLOAD) a modem sends the card for each SMS-DELIVER
// with TP-PID '7F' (TS 31.111 §7.1.1): the C-APDU of TS 102 221 §11.2.2
// around the 'D1' data object of TS 31.111 §7.1.1.2.
#include <optional>

#include "cardcore/sms/address.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// CLA '80' INS 'C2' P1 P2 '00 00' Lc, then 'D1': device identities network
// -> UICC, the address of the service centre (RP-OA) when given, the TPDU
// as it is. Sent as case 3 (no Le): the card answers '61 XX' / '9F XX' when
// it has data for the SMS-DELIVER-REPORT, which GET RESPONSE fetches.
// Throws std::invalid_argument when the data pass the 255 bytes of a short
// Lc, cardcore::sms::SmsError for an address with no BCD form.
Bytes envelope_sms_pp_download(ByteView deliver_tpdu,
                               const std::optional<cardcore::sms::Address>& service_centre = std::nullopt);

}  // namespace twinmodels::ota
