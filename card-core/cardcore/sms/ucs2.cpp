#include "cardcore/sms/ucs2.hpp"

#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/utf8.hpp"

namespace cardcore::sms {

Bytes ucs2_from_utf8(std::string_view text) {
  Bytes out;
  std::size_t byte_index = 0;
  for (char32_t cp : detail::utf8_to_code_points(text, "text")) {
    if (cp > 0xFFFF) throw SmsError("text", byte_index, "character outside the BMP; UCS2 (TS 23.038 §6.2.3) has 16 bits");
    out.push_back(static_cast<std::uint8_t>(cp >> 8));
    out.push_back(static_cast<std::uint8_t>(cp));
    byte_index += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
  }
  return out;
}

std::string ucs2_to_utf8(ByteView octets) {
  std::string out;
  const std::size_t units = octets.size() / 2;
  for (std::size_t i = 0; i < units; ++i) {
    const char32_t u = be16(&octets[2 * i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      const char32_t low = be16(&octets[2 * i + 2]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        detail::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        ++i;
        continue;
      }
    }
    detail::append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? char32_t{0xFFFD} : u);
  }
  if (octets.size() % 2) detail::append_utf8(out, 0xFFFD);
  return out;
}

}  // namespace cardcore::sms
