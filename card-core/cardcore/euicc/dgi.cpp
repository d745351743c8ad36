#include "cardcore/euicc/dgi.hpp"

#include <stdexcept>

namespace cardcore::euicc {

std::optional<Dgi> parse_dgi(ByteView data) {
  if (data.size() < 3) return std::nullopt;
  Dgi d;
  d.tag = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
  std::size_t length = data[2], at = 3;
  if (length == 0xFF) {
    if (data.size() < 5) return std::nullopt;
    length = static_cast<std::size_t>(data[3] << 8 | data[4]);
    at = 5;
  }
  if (data.size() - at != length) return std::nullopt;
  d.value = data.subspan(at);
  return d;
}

Bytes encode_dgi(std::uint16_t tag, ByteView value) {
  if (value.size() > 0xFFFF) throw std::length_error("DGI value over 65535 bytes");
  Bytes out;
  out.reserve(5 + value.size());
  out.push_back(static_cast<std::uint8_t>(tag >> 8));
  out.push_back(static_cast<std::uint8_t>(tag));
  if (value.size() >= 0xFF) {
    out.push_back(0xFF);
    out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
  }
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

}  // namespace cardcore::euicc
