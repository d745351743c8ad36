#include "cardcore/ecasd/dgi.hpp"

#include <stdexcept>

namespace cardcore::ecasd {

void put_dgi(Bytes& out, std::uint16_t id, ByteView value) {
  if (value.size() > 0xFFFF) throw std::length_error("DGI: value over 65535 bytes");
  out.push_back(static_cast<std::uint8_t>(id >> 8));
  out.push_back(static_cast<std::uint8_t>(id));
  if (value.size() < 0xFF) {
    out.push_back(static_cast<std::uint8_t>(value.size()));
  } else {
    out.push_back(0xFF);
    out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(value.size()));
  }
  out.insert(out.end(), value.begin(), value.end());
}

std::optional<Dgi> read_dgi(ByteView in) {
  if (in.size() < 3) return std::nullopt;
  std::size_t pos = 3, len = in[2];
  if (len == 0xFF) {
    if (in.size() < 5) return std::nullopt;
    len = be16(&in[3]);
    pos = 5;
    if (len < 0xFF) return std::nullopt;  // not the shortest form
  }
  if (in.size() - pos < len) return std::nullopt;
  return Dgi{be16(in.data()), in.subspan(pos, len), pos + len};
}

}  // namespace cardcore::ecasd
