#pragma once
// Private to the NVM model: byte layout of the anti-tearing journal.
//
// The journal is one byte string laid over the journal pages j0, j1, ... :
//   [0..1]  magic "JN" (never the erased 0xFF 0xFF)
//   [2..3]  L, total length of the string in bytes, big-endian
//   [4..7]  CRC-32 of bytes [0..4) followed by [8..L), big-endian
//   [8..L)  runs, sorted by address, non-overlapping and non-adjacent:
//           address (4 bytes BE), length n (2 bytes BE), n bytes of new data
// The header sits in the first half of j0, which the tearing model (see
// Nvm::program_page) never half-programs: a torn j0 keeps its old header.
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/nvm/nvm_image.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::journal {

inline constexpr std::uint8_t kMagic0 = 'J';
inline constexpr std::uint8_t kMagic1 = 'N';
inline constexpr std::uint32_t kHeaderSize = 8;
inline constexpr std::uint32_t kRunHeaderSize = 6;

inline std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
inline void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// One run as stored at offset pos of the journal string.
struct Run {
  std::uint32_t addr;
  std::uint32_t len;
  const std::uint8_t* data;
  std::uint32_t end() const { return addr + len; }
  std::uint32_t stored_size() const { return kRunHeaderSize + len; }
};
inline Run run_at(const std::uint8_t* journal, std::uint32_t pos) {
  return Run{be32(journal + pos), be16(journal + pos + 4), journal + pos + kRunHeaderSize};
}

// Content of an erased page (a journal page never programmed, a cleared j0).
inline const std::uint8_t* erased_page() {
  static const auto kErased = [] {
    std::array<std::uint8_t, NvmImage::kMaxPageSize> erased;
    erased.fill(0xFF);
    return erased;
  }();
  return kErased.data();
}

inline bool has_magic(const std::uint8_t* j0) { return j0[0] == kMagic0 && j0[1] == kMagic1; }

inline std::uint32_t checksum(const std::uint8_t* journal, std::uint32_t len) {
  const std::uint32_t crc = crc32_update(0, std::span(journal, 4));
  return crc32_update(crc, std::span(journal + kHeaderSize, len - kHeaderSize));
}

// Writes magic, length and CRC over a string whose runs are in place.
inline void seal(std::uint8_t* journal, std::uint32_t len) {
  journal[0] = kMagic0;
  journal[1] = kMagic1;
  put_be16(journal + 2, static_cast<std::uint16_t>(len));
  put_be32(journal + 4, checksum(journal, len));
}

// Length of the complete, committed transaction in bytes (the whole journal
// area is given), or 0 when the journal holds none: no magic, a bad length or
// CRC (torn or stale pages), or runs that are malformed or outside [0, limit).
inline std::uint32_t committed_length(std::span<const std::uint8_t> area, std::uint32_t limit) {
  if (area.size() < kHeaderSize || !has_magic(area.data())) return 0;
  const std::uint32_t len = be16(area.data() + 2);
  if (len < kHeaderSize || len > area.size()) return 0;
  if (be32(area.data() + 4) != checksum(area.data(), len)) return 0;
  std::uint64_t prev_end = 0;
  bool first = true;
  for (std::uint32_t pos = kHeaderSize; pos < len;) {
    if (len - pos < kRunHeaderSize) return 0;
    const Run run = run_at(area.data(), pos);
    if (run.len == 0 || run.len > len - pos - kRunHeaderSize) return 0;
    if (std::uint64_t{run.addr} + run.len > limit) return 0;
    if (!first && run.addr <= prev_end) return 0;  // sorted, apart
    prev_end = std::uint64_t{run.addr} + run.len;
    first = false;
    pos += run.stored_size();
  }
  return len;
}

}  // namespace cardcore::journal
