#pragma once
// What can be wrong with TLV bytes, shared by the BER-TLV and
// COMPREHENSION-TLV decoders.
#include <cstdint>
#include <string_view>

namespace cardcore::tlv {

enum class Error : std::uint8_t {
  None,
  Truncated,         // the input ends inside the tag, the length or the value
  BadTag,            // '00'/'FF' filler, or a tag form this codec does not take
  IndefiniteLength,  // '80': ISO/IEC 8825-1 indefinite form, not allowed here
  LengthTooLong,     // '83' and longer length fields (values over 65535 bytes)
  NonMinimalLength,  // '81 00'..'81 7F', '82 00 00'..'82 00 FF'
  TrailingData,      // bytes after the one TLV that should span the input
};

// "truncated", "bad tag", ... for status and error messages.
std::string_view describe(Error e);

// A decoded value or the reason there is none.
template <class T>
struct Result {
  T value{};
  Error error = Error::None;
  bool ok() const { return error == Error::None; }
};

}  // namespace cardcore::tlv
