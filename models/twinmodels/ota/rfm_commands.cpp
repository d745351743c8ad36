#include "twinmodels/ota/rfm_commands.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace twinmodels::ota {

namespace {

constexpr std::uint8_t kClaGsm = 0xA0;
constexpr std::uint16_t kMaxOffset = 0x7FFF;  // TS 102 221 §11.1.3.2: P1 b8 = 0, 15-bit offset

// TS 102 221 Table 10.5 instruction codes.
constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kInsReadBinary = 0xB0;
constexpr std::uint8_t kInsUpdateBinary = 0xD6;
constexpr std::uint8_t kInsReadRecord = 0xB2;
constexpr std::uint8_t kInsUpdateRecord = 0xDC;
constexpr std::uint8_t kRecordAbsolute = 0x04;  // §11.1.5.2 / §11.1.6.2: P2 absolute / current mode

Bytes with_data(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data) {
  // Sized once (not grown from an initializer list: GCC 12 -Warray-bounds
  // reports the inlined growth as out of bounds).
  Bytes c(5 + data.size());
  c[0] = cla, c[1] = ins, c[2] = p1, c[3] = p2, c[4] = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), c.begin() + 5);
  return c;
}

void check_offset(std::size_t first, std::size_t count, const char* what) {
  if (first + (count ? count - 1 : 0) > kMaxOffset)
    throw std::invalid_argument(std::string(what) + ": offset " + std::to_string(first) + " + " +
                                std::to_string(count) + " bytes passes '7FFF' (TS 102 221 §11.1.3.2)");
}

std::uint8_t le_of(std::size_t length, const char* what) {
  if (length == 0 || length > 256)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(length) + " bytes; Le takes 1..256");
  return static_cast<std::uint8_t>(length);  // 256 -> '00'
}

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

}  // namespace

FilePath parse_file_path(std::string_view text) {
  FilePath path;
  std::uint16_t fid = 0;
  int digits = 0;
  for (char ch : text) {
    if (ch == '/' || ch == ' ' || ch == ':') {
      if (digits != 0) break;  // a separator inside a FID: refused below
      continue;
    }
    const int v = hex_value(ch);
    if (v < 0) throw std::invalid_argument("file path \"" + std::string(text) + "\": '" + ch + "' is not hex");
    fid = static_cast<std::uint16_t>((fid << 4) | v);
    if (++digits == 4) {
      path.push_back(fid);
      fid = 0;
      digits = 0;
    }
  }
  if (digits != 0 || path.empty())
    throw std::invalid_argument("file path \"" + std::string(text) + "\" is not a list of 4-digit FIDs");
  return path;
}

Bytes select_by_fid(std::uint16_t fid, const RfmOptions& o) {
  const std::uint8_t id[2] = {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)};
  // TS 51.011 §9.2.1: P1 P2 '00 00'. TS 102 221 §11.1.1.2: P1 '00' select
  // by FID, P2 '04' FCP / '0C' no data.
  if (o.cla == kClaGsm) return with_data(o.cla, kInsSelect, 0x00, 0x00, id);
  Bytes c = with_data(o.cla, kInsSelect, 0x00, o.fcp ? 0x04 : 0x0C, id);
  if (o.fcp && o.format == ScriptFormat::Expanded) c.push_back(0x00);  // case 4: Le
  return c;
}

Bytes read_binary(std::uint16_t offset, std::size_t length, const RfmOptions& o) {
  const std::uint8_t le = le_of(length, "READ BINARY");
  check_offset(offset, length, "READ BINARY");
  return {o.cla, kInsReadBinary, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset), le};
}

Bytes update_binary(std::uint16_t offset, ByteView data, const RfmOptions& o) {
  if (data.empty() || data.size() > 255)
    throw std::invalid_argument("UPDATE BINARY of " + std::to_string(data.size()) + " bytes; Lc takes 1..255");
  check_offset(offset, data.size(), "UPDATE BINARY");
  return with_data(o.cla, kInsUpdateBinary, static_cast<std::uint8_t>(offset >> 8),
                   static_cast<std::uint8_t>(offset), data);
}

Bytes read_record(std::uint8_t record, std::size_t length, const RfmOptions& o) {
  if (record == 0 || record == 0xFF) throw std::invalid_argument("READ RECORD: record number 1..254");
  return {o.cla, kInsReadRecord, record, kRecordAbsolute, le_of(length, "READ RECORD")};
}

Bytes update_record(std::uint8_t record, ByteView data, const RfmOptions& o) {
  if (record == 0 || record == 0xFF) throw std::invalid_argument("UPDATE RECORD: record number 1..254");
  if (data.empty() || data.size() > 255)
    throw std::invalid_argument("UPDATE RECORD of " + std::to_string(data.size()) + " bytes; Lc takes 1..255");
  return with_data(o.cla, kInsUpdateRecord, record, kRecordAbsolute, data);
}

std::vector<Bytes> rfm_select_path(const FilePath& path, const RfmOptions& o) {
  if (path.empty()) throw std::invalid_argument("empty file path");
  std::vector<Bytes> out;
  for (std::uint16_t fid : path) out.push_back(select_by_fid(fid, o));
  return out;
}

std::vector<Bytes> rfm_update_binary(const FilePath& path, std::uint16_t offset, ByteView data,
                                     const RfmOptions& o) {
  if (data.empty()) throw std::invalid_argument("UPDATE BINARY of no bytes");
  check_offset(offset, data.size(), "UPDATE BINARY");
  std::vector<Bytes> out = rfm_select_path(path, o);
  for (std::size_t at = 0; at < data.size(); at += 255) {
    const std::size_t n = std::min<std::size_t>(255, data.size() - at);
    out.push_back(update_binary(static_cast<std::uint16_t>(offset + at), data.subspan(at, n), o));
  }
  return out;
}

std::vector<Bytes> rfm_read_binary(const FilePath& path, std::uint16_t offset, std::size_t length,
                                   const RfmOptions& o) {
  if (length == 0) throw std::invalid_argument("READ BINARY of no bytes");
  check_offset(offset, length, "READ BINARY");
  std::vector<Bytes> out = rfm_select_path(path, o);
  for (std::size_t at = 0; at < length; at += 256)
    out.push_back(read_binary(static_cast<std::uint16_t>(offset + at), std::min<std::size_t>(256, length - at), o));
  return out;
}

std::vector<Bytes> rfm_update_record(const FilePath& path, std::uint8_t record, ByteView data,
                                     const RfmOptions& o) {
  Bytes command = update_record(record, data, o);
  std::vector<Bytes> out = rfm_select_path(path, o);
  out.push_back(std::move(command));
  return out;
}

}  // namespace twinmodels::ota
