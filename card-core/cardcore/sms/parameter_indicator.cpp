// TS 23.040 §9.2.3.27 TP-Parameter-Indicator, shared by SMS-DELIVER-REPORT
// and SMS-STATUS-REPORT.
#include "cardcore/sms/codec_detail.hpp"

namespace cardcore::sms::detail {

namespace {
constexpr std::uint8_t kPiPid = 0x01;        // bit 0: TP-PID present
constexpr std::uint8_t kPiDcs = 0x02;        // bit 1: TP-DCS present
constexpr std::uint8_t kPiUdl = 0x04;        // bit 2: TP-UDL (and TP-UD) present
constexpr std::uint8_t kPiExtension = 0x80;  // bit 7: another TP-PI octet follows
}  // namespace

OptionalParameters read_optional_parameters(Reader& r, bool udhi, std::size_t max_octets,
                                            const DecodeOptions& options) {
  const std::size_t pi_offset = r.offset();
  const std::uint8_t pi = r.u8("TP-PI");
  // Bits 3..6 are reserved and ignored; extension octets carry nothing defined yet.
  for (std::uint8_t ext = pi; ext & kPiExtension;) ext = r.u8("TP-PI");
  OptionalParameters p;
  if (pi & kPiPid) p.pid = r.u8("TP-PID");
  if (pi & kPiDcs) p.dcs = r.u8("TP-DCS");
  if (pi & kPiUdl) {
    p.ud = read_user_data(r, p.dcs.value_or(0x00), udhi, max_octets, options);
  } else {
    if (udhi) r.fail_at("TP-PI", pi_offset, "TP-UDHI is set but TP-PI announces no TP-UD");
    expect_end(r, options);
  }
  return p;
}

void append_optional_parameters(Bytes& out, const OptionalParameters& p, std::size_t max_octets) {
  out.push_back(static_cast<std::uint8_t>((p.pid ? kPiPid : 0) | (p.dcs ? kPiDcs : 0) | (p.ud ? kPiUdl : 0)));
  if (p.pid) out.push_back(*p.pid);
  if (p.dcs) out.push_back(*p.dcs);
  if (p.ud) {
    const Bytes ud = encode_user_data(*p.ud, p.dcs.value_or(0x00), max_octets);
    out.insert(out.end(), ud.begin(), ud.end());
  }
}

}  // namespace cardcore::sms::detail
