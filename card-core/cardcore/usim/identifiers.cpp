#include "cardcore/usim/identifiers.hpp"

#include <stdexcept>

namespace cardcore {

namespace {
void require_digits(std::string_view s, const char* what) {
  for (char c : s) {
    if (c < '0' || c > '9') throw std::invalid_argument(std::string(what) + ": not a digit string: " + std::string(s));
  }
}

// Packs digits two per byte, low nibble first, padding with 'F'.
Bytes pack_swapped(std::string_view digits, std::size_t out_len) {
  Bytes out(out_len, 0xFF);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const std::uint8_t d = static_cast<std::uint8_t>(digits[i] - '0');
    std::uint8_t& b = out[i / 2];
    b = (i % 2 == 0) ? static_cast<std::uint8_t>((b & 0xF0) | d) : static_cast<std::uint8_t>((b & 0x0F) | (d << 4));
  }
  return out;
}

std::string unpack_swapped(ByteView bytes) {
  std::string out;
  for (std::uint8_t b : bytes) {
    for (int half = 0; half < 2; ++half) {
      const std::uint8_t d = half == 0 ? (b & 0x0F) : (b >> 4);
      if (d > 9) return out;
      out.push_back(static_cast<char>('0' + d));
    }
  }
  return out;
}
}  // namespace

char luhn_digit(std::string_view digits) {
  int sum = 0;
  bool dbl = true;  // the rightmost payload digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Bytes encode_iccid(std::string_view digits, bool append_check_digit) {
  require_digits(digits, "ICCID");
  std::string all(digits);
  if (append_check_digit) all.push_back(luhn_digit(digits));
  if (all.size() < 19 || all.size() > 20) {
    throw std::invalid_argument("ICCID: " + std::to_string(all.size()) + " digits; E.118 allows 19 or 20 with the check digit");
  }
  return pack_swapped(all, 10);
}

std::string decode_iccid(ByteView ef) { return unpack_swapped(ef.first(std::min<std::size_t>(ef.size(), 10))); }

Bytes encode_imsi(std::string_view digits) {
  require_digits(digits, "IMSI");
  if (digits.size() < 6 || digits.size() > 15) {
    throw std::invalid_argument("IMSI: " + std::to_string(digits.size()) + " digits; TS 23.003 allows at most 15");
  }
  // The first nibble is the parity/type: b4 = 1 for an odd number of digits, '001' = IMSI.
  std::string nibbles(1, digits.size() % 2 ? '9' : '1');
  nibbles += digits;
  // Length byte, then 8 bytes of nibbles padded with 'F'.
  Bytes out(9, 0xFF);
  out[0] = static_cast<std::uint8_t>((nibbles.size() + 1) / 2);
  for (std::size_t i = 0; i < nibbles.size(); ++i) {
    const std::uint8_t d = static_cast<std::uint8_t>(nibbles[i] - '0');
    std::uint8_t& b = out[1 + i / 2];
    b = (i % 2 == 0) ? static_cast<std::uint8_t>((b & 0xF0) | d) : static_cast<std::uint8_t>((b & 0x0F) | (d << 4));
  }
  return out;
}

std::string decode_imsi(ByteView ef) {
  if (ef.size() < 2 || ef[0] == 0 || ef[0] > 8 || ef.size() < 1u + ef[0]) return {};
  // The first nibble is the parity/type, not a digit; 'F' ends the digits.
  std::string out;
  for (std::size_t i = 0; i < ef[0] * 2u; ++i) {
    const std::uint8_t b = ef[1 + i / 2];
    const std::uint8_t d = i % 2 == 0 ? (b & 0x0F) : (b >> 4);
    if (i == 0) continue;
    if (d > 9) break;
    out.push_back(static_cast<char>('0' + d));
  }
  return out;
}

}  // namespace cardcore
