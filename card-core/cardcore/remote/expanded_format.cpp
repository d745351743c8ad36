#include "cardcore/remote/expanded_format.hpp"

namespace cardcore::remote::expanded {

namespace {
// What the template adds to its R-APDUs: 'AB' 82 LL LL and '80' 01 n, or
// 'AF' 80 and '00 00'; then one 3-byte TLV, a bad format or a script
// chaining response (a script gets one or the other, never both).
constexpr std::size_t kDefiniteOverhead = 4 + 3 + 3;
constexpr std::size_t kIndefiniteOverhead = 2 + 2 + 3;

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

ScriptReader::ScriptReader(ByteView script) {
  if (!script.empty() && script[0] == kCommandScriptingIndefinite) {
    // ISO/IEC 8825-1 §8.1.3.6: 'AE' '80', the TLVs, end-of-contents '00 00'.
    indefinite_ = true;
    if (script.size() < 2 || script[1] != kIndefiniteLength) {
      error_ = BadFormat::WrongLength;
      return;
    }
    rest_ = script.subspan(2);
    return;
  }
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(script);
  if (!t.ok()) {
    error_ = bad_format_of(t.error);
    return;
  }
  if (t.value.tag != kCommandScripting) {
    error_ = BadFormat::UnknownTag;
    return;
  }
  rest_ = t.value.value;
}

std::optional<tlv::BerTlv> ScriptReader::peek() const {
  if (error_ || rest_.empty()) return std::nullopt;
  if (indefinite_ && rest_.size() >= 2 && rest_[0] == 0x00 && rest_[1] == 0x00) return std::nullopt;
  const tlv::Result<tlv::BerTlv> t = tlv::read_ber(rest_);
  if (!t.ok()) return std::nullopt;
  return t.value;
}

bool ScriptReader::next(tlv::BerTlv& out) {
  if (error_) return false;
  if (indefinite_) {
    if (rest_.size() >= 2 && rest_[0] == 0x00 && rest_[1] == 0x00) {
      // The end-of-contents closes the template: nothing may follow it.
      if (rest_.size() != 2) error_ = BadFormat::WrongLength;
      rest_ = {};
      return false;
    }
    // Without its end-of-contents the template's length does not add up.
    if (rest_.empty()) {
      error_ = BadFormat::WrongLength;
      return false;
    }
  } else if (rest_.empty()) {
    return false;
  }
  const tlv::Result<tlv::BerTlv> t = tlv::read_ber(rest_);
  if (!t.ok()) {
    error_ = bad_format_of(t.error);
    return false;
  }
  out = t.value;
  rest_ = rest_.subspan(t.value.size);
  return true;
}

std::size_t ResponseScript::room() const {
  const std::size_t used = (indefinite_ ? kIndefiniteOverhead : kDefiniteOverhead) + rapdus_.size();
  return budget_ > used ? budget_ - used : 0;
}

bool ResponseScript::add(ByteView data, StatusWord sw) {
  if (executed_ < 0xFF) ++executed_;
  const std::size_t space = room();
  if (tlv_size(2) > space) return false;
  std::size_t n = data.size();
  bool truncated = false;
  if (tlv_size(n + 2) > space) {
    // §5.2.1.1: as much of the data as fits, then '62 F1' more data
    // available (TS 102 221 §10.2.1.3).
    truncated = true;
    while (n > 0 && tlv_size(n + 2) > space) --n;
    sw = sw::kWarnMoreDataAvailable;
  }
  Bytes value(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  value.push_back(static_cast<std::uint8_t>(sw >> 8));
  value.push_back(static_cast<std::uint8_t>(sw));
  tlv::put_ber(rapdus_, kRApdu, value);
  return !truncated;
}

Bytes ResponseScript::finish() const {
  Bytes value;
  if (!indefinite_) {
    const std::uint8_t count = executed_;
    tlv::put_ber(value, kExecutedCommands, ByteView(&count, 1));
  }
  value.insert(value.end(), rapdus_.begin(), rapdus_.end());
  if (bad_format_ != 0) tlv::put_ber(value, kBadFormat, ByteView(&bad_format_, 1));
  if (chaining_response_ != 0) tlv::put_ber(value, kScriptChainingResponse, ByteView(&chaining_response_, 1));
  if (!indefinite_) return tlv::make_ber(kResponseScripting, value);
  // §5.2.2: 'AF' '80' … '00 00'.
  Bytes out{kResponseScriptingIndefinite, kIndefiniteLength};
  out.insert(out.end(), value.begin(), value.end());
  out.push_back(0x00);
  out.push_back(0x00);
  return out;
}

}  // namespace cardcore::remote::expanded
