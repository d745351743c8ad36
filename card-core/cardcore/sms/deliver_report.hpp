#pragma once
// TS 23.040 §9.2.2.1a SMS-DELIVER-REPORT (MS to SC), in its two forms: for
// RP-ACK and for RP-ERROR (TS 24.011 §7.3.3, §7.3.4), the latter with
// TP-FCS. This is where an SMS-PP data download answers: the card's PoR
// travels back in its TP-UD (TS 31.111 §7.1.1.1, TS 31.115 §4.3).
#include <cstdint>
#include <optional>

#include "cardcore/sms/user_data.hpp"

namespace cardcore::sms {

enum class ReportForm : std::uint8_t { Ack, Error };  // carried in RP-ACK / RP-ERROR

// TS 23.040 §9.2.3.22 TP-Failure-Cause values of the (U)SIM.
inline constexpr std::uint8_t kFcsSimToolkitBusy = 0xD4;        // (U)SIM Application Toolkit Busy
inline constexpr std::uint8_t kFcsSimDataDownloadError = 0xD5;  // (U)SIM data download error
inline constexpr std::uint8_t kFcsUnspecified = 0xFF;

struct SmsDeliverReport {
  std::optional<std::uint8_t> fcs;  // TP-FCS: present exactly in the RP-ERROR form
  // TP-PI (§9.2.3.27) is derived from which of these are present.
  std::optional<std::uint8_t> pid;
  std::optional<std::uint8_t> dcs;  // absent: TP-UD is read as GSM 7 bit (DCS 00)
  std::optional<UserData> ud;       // TP-UDL, TP-UD; TP-UDHI = ud->header present

  ReportForm form() const { return fcs ? ReportForm::Error : ReportForm::Ack; }
  bool operator==(const SmsDeliverReport&) const = default;
};

// The form cannot be told from the octets (TP-FCS and TP-PI share the
// offset); it comes from the RP message that carried the TPDU.
SmsDeliverReport decode_deliver_report(ByteView tpdu, ReportForm form, const DecodeOptions& options = {});
Bytes encode(const SmsDeliverReport& r);

}  // namespace cardcore::sms
