#include "cardcore/util/bytes.hpp"

namespace cardcore {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Bytes from_hex(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == ':' || c == '-') {
      if (high >= 0) throw HexError("hex: separator inside a byte in \"" + std::string(text) + "\"");
      continue;
    }
    int v = hex_value(c);
    if (v < 0) throw HexError("hex: '" + std::string(1, c) + "' is not a hex digit in \"" + std::string(text) + "\"");
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) throw HexError("hex: odd number of digits in \"" + std::string(text) + "\"");
  return out;
}

std::string hex_digits(std::uint64_t value, int digits) {
  static const char upper[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = upper[value & 0xF];
  return out;
}

std::string to_hex(ByteView bytes, bool spaced) {
  static const char lower[] = "0123456789abcdef";
  static const char upper[] = "0123456789ABCDEF";
  const char* digits = spaced ? upper : lower;
  std::string out;
  out.reserve(bytes.size() * (spaced ? 3 : 2));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (spaced && i) out.push_back(' ');
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0xF]);
  }
  return out;
}

}  // namespace cardcore
