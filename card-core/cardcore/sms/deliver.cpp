#include "cardcore/sms/deliver.hpp"

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/message_type.hpp"

namespace cardcore::sms {

SmsDeliver decode_deliver(ByteView tpdu, const DecodeOptions& options) {
  detail::Reader r(tpdu, "SMS-DELIVER");
  const std::uint8_t first = r.u8("first octet");
  detail::expect_mti(r, first, Mti::DeliverOrDeliverReport);
  SmsDeliver d;
  d.mms = first & 0x04;
  d.lp = first & 0x08;
  d.sri = first & 0x20;
  d.rp = first & 0x80;
  d.oa = detail::read_tp_address(r, "TP-OA");
  d.pid = r.u8("TP-PID");
  d.dcs = r.u8("TP-DCS");
  d.scts = detail::read_timestamp(r, "TP-SCTS");
  d.ud = detail::read_user_data(r, d.dcs, first & 0x40, kMaxUserData, options);
  return d;
}

Bytes encode(const SmsDeliver& d) {
  Bytes out{static_cast<std::uint8_t>((d.mms ? 0x04 : 0) | (d.lp ? 0x08 : 0) | (d.sri ? 0x20 : 0) |
                                      (d.ud.header ? 0x40 : 0) | (d.rp ? 0x80 : 0))};
  const Bytes oa = encode_tp_address(d.oa, "TP-OA");
  out.insert(out.end(), oa.begin(), oa.end());
  out.push_back(d.pid);
  out.push_back(d.dcs);
  const auto scts = encode_timestamp(d.scts);
  out.insert(out.end(), scts.begin(), scts.end());
  const Bytes ud = encode_user_data(d.ud, d.dcs, kMaxUserData);
  out.insert(out.end(), ud.begin(), ud.end());
  return out;
}

}  // namespace cardcore::sms
