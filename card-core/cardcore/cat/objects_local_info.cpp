// Data objects of PROVIDE LOCAL INFORMATION and the location events:
// TS 102 223 §8.19 location information (TS 31.111 §8.19), §8.20 IMEI, §8.27
// location status, §8.39 date-time and time zone, §8.61 access technology.
#include <stdexcept>

#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

void put(Bytes& out, const LocationInformation& v) { tlv::put_ctlv(out, v.kTag, v.bytes); }
const char* read(ByteView value, LocationInformation& out) {
  // TS 31.111 §8.19: 7 (GERAN), 9 (UTRAN with extended cell id, E-UTRAN) or
  // 11 bytes (NG-RAN: 3-byte TAC, 36-bit cell identity).
  if (value.size() < 7 || value.size() > 11) return "bad Location information length";
  out.bytes.assign(value.begin(), value.end());
  return nullptr;
}

// TS 24.008 §10.5.1.4: type of identity '010' (IMEI), b4 odd number of digits.
Imei Imei::from_digits(std::string_view d) {
  if (d.size() != 15) throw std::invalid_argument("IMEI: 15 digits expected");
  for (char c : d) {
    if (c < '0' || c > '9') throw std::invalid_argument("IMEI: not a digit");
  }
  Imei out;
  out.bytes.push_back(static_cast<std::uint8_t>(((d[0] - '0') << 4) | 0x08 | 0x02));
  for (std::size_t i = 1; i < 15; i += 2) {
    out.bytes.push_back(static_cast<std::uint8_t>(((d[i + 1] - '0') << 4) | (d[i] - '0')));
  }
  return out;
}

std::string Imei::digits() const {
  if (bytes.size() != 8 || (bytes[0] & 0x0F) != 0x0A) return {};
  std::string s;
  auto digit = [&s](unsigned n) {
    if (n > 9) return false;
    s.push_back(static_cast<char>('0' + n));
    return true;
  };
  if (!digit(bytes[0] >> 4)) return {};
  for (std::size_t i = 1; i < 8; ++i) {
    if (!digit(bytes[i] & 0x0F) || !digit(bytes[i] >> 4)) return {};
  }
  return s;
}

void put(Bytes& out, const Imei& v) { tlv::put_ctlv(out, v.kTag, v.bytes); }
const char* read(ByteView value, Imei& out) {
  if (value.size() != 8) return "bad IMEI length";
  out.bytes.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const LocationStatus& v) { tlv::put_ctlv(out, v.kTag, ByteView(&v.status, 1)); }
const char* read(ByteView value, LocationStatus& out) {
  if (value.size() != 1) return "bad Location status length";
  if (value[0] > 0x02) return "bad Location status";
  out.status = value[0];
  return nullptr;
}

void put(Bytes& out, const DateTimeTimeZone& v) { tlv::put_ctlv(out, v.kTag, v.bytes); }
const char* read(ByteView value, DateTimeTimeZone& out) {
  if (value.size() != 7) return "bad Date-Time and Time zone length";
  out.bytes.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const AccessTechnology& v) { tlv::put_ctlv(out, v.kTag, v.technologies); }
const char* read(ByteView value, AccessTechnology& out) {
  if (value.empty()) return "empty Access technology";
  out.technologies.assign(value.begin(), value.end());
  return nullptr;
}

}  // namespace cardcore::cat
