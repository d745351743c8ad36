#include "cardcore/remote/expanded_format.hpp"

#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::remote::expanded {

namespace {
// 'AB' 82 LL LL, '80' 01 n, '90' 01 x: what the template adds to its R-APDUs.
constexpr std::size_t kOverhead = 4 + 3 + 3;

std::size_t tlv_size(std::size_t value) { return 1 + tlv::length_size(value) + value; }
}  // namespace

BadFormat bad_format_of(tlv::Error e) {
  switch (e) {
    case tlv::Error::BadTag: return BadFormat::UnknownTag;
    case tlv::Error::Truncated:
    case tlv::Error::IndefiniteLength:
    case tlv::Error::LengthTooLong:
    case tlv::Error::NonMinimalLength:
    case tlv::Error::TrailingData:
    case tlv::Error::None: break;
  }
  return BadFormat::WrongLength;
}

bool ResponseScript::add(ByteView data, StatusWord sw) {
  if (executed_ < 0xFF) ++executed_;
  const std::uint8_t sw_bytes[2] = {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)};
  const std::size_t room = budget_ > kOverhead + rapdus_.size() ? budget_ - kOverhead - rapdus_.size() : 0;
  if (tlv_size(data.size() + 2) <= room) {
    Bytes value(data.begin(), data.end());
    value.insert(value.end(), sw_bytes, sw_bytes + 2);
    tlv::put_ber(rapdus_, kRApdu, value);
    return true;
  }
  if (tlv_size(2) > room) return false;
  tlv::put_ber(rapdus_, kRApdu, sw_bytes);
  return true;
}

Bytes ResponseScript::finish() const {
  Bytes value;
  const std::uint8_t count = executed_;
  tlv::put_ber(value, kExecutedCommands, ByteView(&count, 1));
  value.insert(value.end(), rapdus_.begin(), rapdus_.end());
  if (bad_format_ != 0) tlv::put_ber(value, kBadFormat, ByteView(&bad_format_, 1));
  return tlv::make_ber(kResponseScripting, value);
}

}  // namespace cardcore::remote::expanded
