#include "cardcore/sms/submit.hpp"

#include <algorithm>

#include "cardcore/sms/codec_detail.hpp"

namespace cardcore::sms {

SmsSubmit decode_submit(ByteView tpdu, const DecodeOptions& options) {
  detail::Reader r(tpdu, "SMS-SUBMIT");
  const std::uint8_t first = r.u8("first octet");
  detail::expect_mti(r, first, Mti::SubmitOrSubmitReport);
  SmsSubmit s;
  s.rd = first & 0x04;
  s.srr = first & 0x20;
  s.rp = first & 0x80;
  s.mr = r.u8("TP-MR");
  s.da = detail::read_tp_address(r, "TP-DA");
  s.pid = r.u8("TP-PID");
  s.dcs = r.u8("TP-DCS");
  switch (static_cast<VpFormat>((first >> 3) & 0x03)) {
    case VpFormat::None: break;
    case VpFormat::Relative: s.vp = RelativeValidity{r.u8("TP-VP")}; break;
    case VpFormat::Absolute: s.vp = detail::read_timestamp(r, "TP-VP"); break;
    case VpFormat::Enhanced: {
      EnhancedValidity e;
      const ByteView o = r.take(7, "TP-VP");
      std::copy(o.begin(), o.end(), e.octets.begin());
      s.vp = e;
      break;
    }
  }
  s.ud = detail::read_user_data(r, s.dcs, first & 0x40, kMaxUserData, options);
  return s;
}

Bytes encode(const SmsSubmit& s) {
  const VpFormat vpf = vp_format(s.vp);
  Bytes out{static_cast<std::uint8_t>(0x01 | (s.rd ? 0x04 : 0) | (static_cast<unsigned>(vpf) << 3) |
                                      (s.srr ? 0x20 : 0) | (s.ud.header ? 0x40 : 0) | (s.rp ? 0x80 : 0)),
            s.mr};
  const Bytes da = encode_tp_address(s.da, "TP-DA");
  out.insert(out.end(), da.begin(), da.end());
  out.push_back(s.pid);
  out.push_back(s.dcs);
  if (const auto* rel = std::get_if<RelativeValidity>(&s.vp)) {
    out.push_back(rel->value);
  } else if (const auto* abs = std::get_if<Timestamp>(&s.vp)) {
    const auto t = encode_timestamp(*abs);
    out.insert(out.end(), t.begin(), t.end());
  } else if (const auto* enh = std::get_if<EnhancedValidity>(&s.vp)) {
    out.insert(out.end(), enh->octets.begin(), enh->octets.end());
  }
  const Bytes ud = encode_user_data(s.ud, s.dcs, kMaxUserData);
  out.insert(out.end(), ud.begin(), ud.end());
  return out;
}

}  // namespace cardcore::sms
