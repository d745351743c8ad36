#pragma once
// The write-card platform's side of OTA number writing: the messages of the
// card's write-card applet (cardcore/applet/write_card_format.hpp,
// docs/WRITE-CARD.md) built from a subscription, and its answer read from a
// PoR's additional data. They travel as the secured data of a command
// packet to the applet's TAR ('C0 00 01' on the domestic card), sent with
// ScriptFormat::Application so the link leaves the PoR data to
// decode_write_card_response().
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// What a number write carries. IMSI, K and OPc are required; the rest is
// written only when given, as the contents of the card's EF (TS 31.102).
struct NewSubscription {
  std::string imsi{};  // digits (TS 23.003 §2.2)
  Bytes k{}, opc{};    // 16 bytes each
  std::optional<std::string> msisdn{};  // 1..20 digits, international (TS 31.102 §4.2.26, EF.ADN coding)
  std::size_t msisdn_record_length = 26;  // the card's EF.MSISDN: alpha identifier of length - 14 bytes
  std::optional<Bytes> smsp{};          // EF.SMSP record 1
  std::optional<Bytes> plmn_wact{}, oplmn_wact{}, hplmn_wact{}, fplmn{};
  std::optional<std::string> iccid{};   // 18 or 19 digits; the Luhn digit is appended
};

// 'E1': throws std::invalid_argument for bad values (IMSI digits, key
// lengths, write id 0, a REFRESH mode other than 00, 03-06 or FF).
Bytes encode_write(std::uint32_t write_id, const NewSubscription& s,
                   std::uint8_t refresh_mode = cardcore::applet::write_card::kDefaultRefresh);
// 'E2', 'E3'.
Bytes encode_rollback(std::uint8_t refresh_mode = cardcore::applet::write_card::kDefaultRefresh);
Bytes encode_status();

struct WriteCardResponse {
  cardcore::applet::write_card::Result result = cardcore::applet::write_card::Result::Done;
  std::uint32_t write_id = 0;  // the card's current one
  std::string imsi;            // digits of the card's current IMSI
  bool backup = false;         // a subscription is kept for rollback
  std::optional<std::uint8_t> refresh_queued;
};
// Throws OtaError(MalformedResponseData).
WriteCardResponse decode_write_card_response(ByteView additional_data);

}  // namespace twinmodels::ota
