#include "cardcore/fs/fcp.hpp"

namespace cardcore {

std::uint8_t file_descriptor_byte(const FileNode& f) {
  if (f.is_df()) return 0x78;  // §11.1.1.4.3: DF or ADF
  std::uint8_t b = f.shareable ? 0x40 : 0x00;  // b7: shareable; b6-b4 000: working EF
  switch (f.structure) {
    case EfStructure::Transparent: b |= 0x01; break;
    case EfStructure::LinearFixed: b |= 0x02; break;
    case EfStructure::Cyclic: b |= 0x06; break;
    case EfStructure::None: break;
  }
  return b;
}

bool append_fcp(const FileNode& f, LifeCycle lcs, std::span<const PinStatus> pins, Response& r) {
  std::uint8_t body[kMaxResponseData];
  std::size_t n = 0;
  auto put = [&](std::uint8_t v) {
    if (n < sizeof(body)) body[n] = v;
    ++n;
  };
  // '82' file descriptor: descriptor byte, data coding byte '21', and for
  // record EFs the record length (2 bytes) and number of records (1 byte).
  const bool records = f.structure == EfStructure::LinearFixed || f.structure == EfStructure::Cyclic;
  put(0x82);
  put(records ? 5 : 2);
  put(file_descriptor_byte(f));
  put(0x21);
  if (records) {
    put(static_cast<std::uint8_t>(f.record_length >> 8));
    put(static_cast<std::uint8_t>(f.record_length));
    put(static_cast<std::uint8_t>(f.record_count));
  }
  // '83' file identifier.
  put(0x83); put(2); put(static_cast<std::uint8_t>(f.fid >> 8)); put(static_cast<std::uint8_t>(f.fid));
  // '84' DF name (AID) of an ADF.
  if (f.type == FileType::ADF) {
    put(0x84);
    put(static_cast<std::uint8_t>(f.aid.size()));
    for (std::uint8_t b : f.aid) put(b);
  }
  // 'A5' proprietary information; for the MF the UICC characteristics
  // (§11.1.1.4.6.1: '71' = b1 clock stop allowed, no preferred level;
  // b5-b7 supply voltage classes A, B and C, as the ATR's class indicator).
  if (f.type == FileType::MF) {
    put(0xA5); put(3); put(0x80); put(1); put(0x71);
  }
  // '8A' life cycle status integer (§11.1.1.4.9).
  put(0x8A); put(1); put(static_cast<std::uint8_t>(lcs));
  // '8B' security attributes, referenced format: EF.ARR FID and record.
  put(0x8B); put(3);
  put(static_cast<std::uint8_t>(f.arr.arr_fid >> 8)); put(static_cast<std::uint8_t>(f.arr.arr_fid));
  put(f.arr.record);
  if (f.is_df()) {
    // 'C6' PIN status template DO: PS_DO ('90') bitmap of enabled PINs, one
    // bit per key reference that follows, first reference in b8.
    std::uint8_t ps = 0;
    for (std::size_t i = 0; i < pins.size() && i < 8; ++i) {
      if (pins[i].enabled) ps |= static_cast<std::uint8_t>(0x80 >> i);
    }
    const std::size_t count = std::min<std::size_t>(pins.size(), 8);
    put(0xC6);
    put(static_cast<std::uint8_t>(3 + 3 * count));
    put(0x90); put(1); put(ps);
    for (std::size_t i = 0; i < count; ++i) {
      put(0x83); put(1); put(pins[i].key_ref);
    }
  } else {
    // '80' file size (bytes of the body), '88' short file identifier: SFI in
    // b8-b4, or empty when the EF has none (§11.1.1.4.8).
    put(0x80); put(2);
    put(static_cast<std::uint8_t>(f.size >> 8)); put(static_cast<std::uint8_t>(f.size));
    if (f.sfi) {
      put(0x88); put(1); put(static_cast<std::uint8_t>(f.sfi << 3));
    } else {
      put(0x88); put(0);
    }
  }
  if (n > 255 || n + 2 > r.room()) return false;
  r.push(0x62);
  r.push(static_cast<std::uint8_t>(n));
  return r.append(ByteView(body, n));
}

}  // namespace cardcore
