#include "cardcore/tlv/tlv_error.hpp"

namespace cardcore::tlv {

std::string_view describe(Error e) {
  switch (e) {
    case Error::None: return "no error";
    case Error::Truncated: return "truncated";
    case Error::BadTag: return "bad tag";
    case Error::IndefiniteLength: return "indefinite length";
    case Error::LengthTooLong: return "length field too long";
    case Error::NonMinimalLength: return "length not in its shortest form";
    case Error::TrailingData: return "trailing data";
  }
  return "unknown error";
}

}  // namespace cardcore::tlv
