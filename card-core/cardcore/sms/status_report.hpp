#pragma once
// TS 23.040 §9.2.2.3 SMS-STATUS-REPORT (SC to MS).
#include <cstdint>
#include <optional>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/sms/user_data.hpp"

namespace cardcore::sms {

// TS 23.040 §9.2.3.15 TP-Status examples.
inline constexpr std::uint8_t kStatusReceivedBySme = 0x00;

struct SmsStatusReport {
  bool mms = false;  // TP-MMS bit: 0 = more messages are waiting, 1 = no more (§9.2.3.2)
  bool lp = false;   // TP-LP (§9.2.3.28)
  bool srq = false;  // TP-SRQ (§9.2.3.26): 0 = reports an SMS-SUBMIT, 1 = an SMS-COMMAND
  std::uint8_t mr = 0;  // TP-MR of the reported message
  Address ra;           // TP-RA (§9.1.2.5)
  Timestamp scts;       // TP-SCTS
  Timestamp dt;         // TP-DT, discharge time (§9.2.3.13)
  std::uint8_t st = 0;  // TP-ST (§9.2.3.15)
  // TP-PI is optional here: the TPDU may end after TP-ST. `pi` keeps an
  // octet that announces nothing; it is forced when any of the three is set.
  bool pi = false;
  std::optional<std::uint8_t> pid;
  std::optional<std::uint8_t> dcs;
  std::optional<UserData> ud;

  bool operator==(const SmsStatusReport&) const = default;
};

SmsStatusReport decode_status_report(ByteView tpdu, const DecodeOptions& options = {});
Bytes encode(const SmsStatusReport& s);

}  // namespace cardcore::sms
