#include "cardcore/sms/status_report.hpp"

#include "cardcore/sms/codec_detail.hpp"

namespace cardcore::sms {

SmsStatusReport decode_status_report(ByteView tpdu, const DecodeOptions& options) {
  detail::Reader r(tpdu, "SMS-STATUS-REPORT");
  const std::uint8_t first = r.u8("first octet");
  detail::expect_mti(r, first, Mti::StatusReportOrCommand);
  SmsStatusReport s;
  s.mms = first & 0x04;
  s.lp = first & 0x08;
  s.srq = first & 0x20;
  s.mr = r.u8("TP-MR");
  s.ra = detail::read_tp_address(r, "TP-RA");
  s.scts = detail::read_timestamp(r, "TP-SCTS");
  s.dt = detail::read_timestamp(r, "TP-DT");
  s.st = r.u8("TP-ST");
  if (r.at_end()) {
    if (first & 0x40) r.fail("TP-PI", "TP-UDHI is set but the TPDU ends after TP-ST");
    return s;
  }
  s.pi = true;
  const auto p = detail::read_optional_parameters(r, first & 0x40, kMaxUserDataStatusReport, options);
  s.pid = p.pid, s.dcs = p.dcs, s.ud = p.ud;
  return s;
}

Bytes encode(const SmsStatusReport& s) {
  Bytes out{static_cast<std::uint8_t>(0x02 | (s.mms ? 0x04 : 0) | (s.lp ? 0x08 : 0) | (s.srq ? 0x20 : 0) |
                                      (s.ud && s.ud->header ? 0x40 : 0)),
            s.mr};
  const Bytes ra = encode_tp_address(s.ra, "TP-RA");
  out.insert(out.end(), ra.begin(), ra.end());
  const auto scts = encode_timestamp(s.scts), dt = encode_timestamp(s.dt);
  out.insert(out.end(), scts.begin(), scts.end());
  out.insert(out.end(), dt.begin(), dt.end());
  out.push_back(s.st);
  if (s.pi || s.pid || s.dcs || s.ud)
    detail::append_optional_parameters(out, {s.pid, s.dcs, s.ud}, kMaxUserDataStatusReport);
  return out;
}

}  // namespace cardcore::sms
