#include "cardcore/euicc/smsr_addressing.hpp"

#include "cardcore/sms/sms_error.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {
constexpr std::uint16_t kDestinationTag = 0x81, kSmscTag = 0x82;
}

std::optional<SmsrAddressing> smsr_destination(ByteView parameters) {
  SmsrAddressing a;
  bool destination = false;
  tlv::BerReader r(parameters);
  tlv::BerTlv t;
  while (r.next(t)) {
    try {
      if (t.tag == kDestinationTag && !destination) {
        a.destination = sms::decode_address_value(t.value);
        destination = true;
      } else if (t.tag == kSmscTag && !a.smsc) {
        if (t.value.empty()) return std::nullopt;
        a.smsc = cat::Address{t.value[0], Bytes(t.value.begin() + 1, t.value.end())};
      } else {
        return std::nullopt;
      }
    } catch (const sms::SmsError&) {
      return std::nullopt;
    }
  }
  if (r.error() != tlv::Error::None || !destination || a.destination.value.empty()) return std::nullopt;
  return a;
}

Bytes encode_smsr_addressing(const SmsrAddressing& a) {
  Bytes out;
  tlv::put_ber(out, kDestinationTag, sms::encode_address_value(a.destination));
  if (a.smsc) {
    Bytes v{a.smsc->ton_npi};
    v.insert(v.end(), a.smsc->number.begin(), a.smsc->number.end());
    tlv::put_ber(out, kSmscTag, v);
  }
  return out;
}

}  // namespace cardcore::euicc
