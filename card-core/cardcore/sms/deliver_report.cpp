#include "cardcore/sms/deliver_report.hpp"

#include "cardcore/sms/codec_detail.hpp"

namespace cardcore::sms {

SmsDeliverReport decode_deliver_report(ByteView tpdu, ReportForm form, const DecodeOptions& options) {
  detail::Reader r(tpdu, form == ReportForm::Ack ? "SMS-DELIVER-REPORT (RP-ACK)" : "SMS-DELIVER-REPORT (RP-ERROR)");
  const std::uint8_t first = r.u8("first octet");
  detail::expect_mti(r, first, Mti::DeliverOrDeliverReport);
  SmsDeliverReport d;
  if (form == ReportForm::Error) d.fcs = r.u8("TP-FCS");
  const auto p = detail::read_optional_parameters(r, first & 0x40, kMaxUserDataDeliverReport, options);
  d.pid = p.pid, d.dcs = p.dcs, d.ud = p.ud;
  return d;
}

Bytes encode(const SmsDeliverReport& d) {
  Bytes out{static_cast<std::uint8_t>(d.ud && d.ud->header ? 0x40 : 0x00)};
  if (d.fcs) out.push_back(*d.fcs);
  detail::append_optional_parameters(out, {d.pid, d.dcs, d.ud}, kMaxUserDataDeliverReport);
  return out;
}

}  // namespace cardcore::sms
