#pragma once
// TS 23.040 §9.2.2.1 SMS-DELIVER (SC to MS).
#include <cstdint>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/sms/user_data.hpp"

namespace cardcore::sms {

struct SmsDeliver {
  // First octet (TP-MTI 00 and TP-UDHI are implied).
  bool mms = false;  // TP-MMS bit (§9.2.3.2): 0 = more messages are waiting in the SC, 1 = no more
  bool lp = false;   // TP-LP, loop prevention (§9.2.3.28)
  bool sri = false;  // TP-SRI, a status report will be returned to the SME (§9.2.3.4)
  bool rp = false;   // TP-RP, reply path (§9.2.3.17)
  Address oa;        // TP-OA (§9.1.2.5)
  std::uint8_t pid = 0;  // TP-PID (§9.2.3.9)
  std::uint8_t dcs = 0;  // TP-DCS (§9.2.3.10)
  Timestamp scts;        // TP-SCTS (§9.2.3.11)
  UserData ud;           // TP-UDL, TP-UD (§9.2.3.16, §9.2.3.24)

  bool operator==(const SmsDeliver&) const = default;
};

// Throws SmsError naming the field and its offset.
SmsDeliver decode_deliver(ByteView tpdu, const DecodeOptions& options = {});
Bytes encode(const SmsDeliver& d);

}  // namespace cardcore::sms
