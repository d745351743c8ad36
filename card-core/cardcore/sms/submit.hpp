#pragma once
// TS 23.040 §9.2.2.2 SMS-SUBMIT (MS to SC).
#include <cstdint>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/user_data.hpp"
#include "cardcore/sms/validity_period.hpp"

namespace cardcore::sms {

struct SmsSubmit {
  // First octet (TP-MTI 01, TP-VPF and TP-UDHI are implied).
  bool rd = false;   // TP-RD, reject duplicates (§9.2.3.25)
  bool srr = false;  // TP-SRR, status report requested (§9.2.3.5)
  bool rp = false;   // TP-RP, reply path (§9.2.3.17)
  std::uint8_t mr = 0;   // TP-MR (§9.2.3.6)
  Address da;            // TP-DA (§9.1.2.5)
  std::uint8_t pid = 0;  // TP-PID (§9.2.3.9)
  std::uint8_t dcs = 0;  // TP-DCS (§9.2.3.10)
  ValidityPeriod vp;     // TP-VP in the form TP-VPF gives (§9.2.3.3, §9.2.3.12)
  UserData ud;           // TP-UDL, TP-UD

  bool operator==(const SmsSubmit&) const = default;
};

SmsSubmit decode_submit(ByteView tpdu, const DecodeOptions& options = {});
Bytes encode(const SmsSubmit& s);

}  // namespace cardcore::sms
