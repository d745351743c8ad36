#pragma once
// Little-endian writing and bounds-checked reading of the models' saved
// states (checkpoints: Modem::save_state, Smsc::save_state). The layout
// mirrors card-core's card states (cardcore/util/state_io.hpp); every
// reading error is std::invalid_argument("<what> state: <what is wrong>").
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace twinmodels::state {

using cardcore::state::put_bytes;
using cardcore::state::put_u16;
using cardcore::state::put_u32;
using cardcore::state::put_u64;
using cardcore::state::put_u8;

// A length (u32) and the bytes.
inline void put_blob(cardcore::Bytes& out, cardcore::ByteView b) {
  put_u32(out, static_cast<std::uint32_t>(b.size()));
  put_bytes(out, b);
}

// Text as a blob: a length (u32) and the bytes.
inline void put_text(cardcore::Bytes& out, std::string_view s) {
  put_blob(out, cardcore::ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

// A cursor over a saved state; `kind` ("modem", "SMSC") starts every message.
class Reader {
 public:
  Reader(cardcore::ByteView in, std::string kind) : in_(in), kind_(std::move(kind)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(kind_ + " state: " + what);
  }
  std::size_t offset() const { return pos_; }
  std::size_t left() const { return in_.size() - pos_; }

  cardcore::ByteView bytes(std::size_t n, const char* what) {
    if (n > left())
      fail(std::string("truncated at ") + what + " (offset " + std::to_string(pos_) + ", " + std::to_string(n) +
           " bytes needed, " + std::to_string(left()) + " left)");
    const cardcore::ByteView b = in_.subspan(pos_, n);
    pos_ += n;
    return b;
  }
  std::uint8_t u8(const char* what) { return bytes(1, what)[0]; }
  std::uint16_t u16(const char* what) { return static_cast<std::uint16_t>(le(2, what)); }
  std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(le(4, what)); }
  std::uint64_t u64(const char* what) { return le(8, what); }
  std::int64_t i64(const char* what) { return static_cast<std::int64_t>(le(8, what)); }
  bool flag(const char* what) {
    const std::uint8_t v = u8(what);
    if (v > 1) fail(std::string(what) + " is " + std::to_string(v) + ", not 0 or 1 (offset " + std::to_string(pos_ - 1) + ")");
    return v == 1;
  }
  // A length (u32, at most max) and that many bytes.
  cardcore::Bytes blob(const char* what, std::size_t max) {
    const std::uint32_t n = u32(what);
    if (n > max) fail(std::string(what) + " length " + std::to_string(n) + " exceeds " + std::to_string(max));
    const cardcore::ByteView b = bytes(n, what);
    return cardcore::Bytes(b.begin(), b.end());
  }
  // Text written by put_text(), at most max bytes.
  std::string text(const char* what, std::size_t max) {
    const cardcore::Bytes b = blob(what, max);
    return std::string(b.begin(), b.end());
  }
  // A count (u32) of entries of at least min_bytes each: a count beyond
  // what is left is refused before anything is allocated.
  std::uint32_t count(const char* what, std::size_t min_bytes) {
    const std::uint32_t n = u32(what);
    if (static_cast<std::uint64_t>(n) * min_bytes > left())
      fail(std::string(what) + " " + std::to_string(n) + " do not fit in the " + std::to_string(left()) +
           " bytes left (truncated?)");
    return n;
  }
  // The 4-byte magic and the version (u16), which must be `version`.
  void header(const char (&magic)[5], std::uint16_t version) {
    const cardcore::ByteView m = bytes(4, "magic");
    if (!std::equal(m.begin(), m.end(), magic)) fail(std::string("not a saved ") + kind_ + " state (no magic \"" + magic + "\")");
    const std::uint16_t v = u16("version");
    if (v != version)
      fail("version " + std::to_string(v) + " is not the version this model reads (" + std::to_string(version) + ")");
  }
  // For a state sealed by put_crc(): the header as header() reads it, then
  // the CRC-32 of the last 4 bytes over all before them; the bytes after
  // the header up to the CRC are left to read. A state damaged anywhere is
  // refused before its body is parsed.
  void sealed_header(const char (&magic)[5], std::uint16_t version) {
    header(magic, version);
    if (left() < 4) fail("truncated at CRC (" + std::to_string(left()) + " bytes left)");
    const std::size_t body = in_.size() - 4;
    std::uint32_t saved = 0;
    for (std::size_t i = 4; i-- > 0;) saved = (saved << 8) | in_[body + i];
    if (saved != cardcore::crc32(in_.first(body))) fail("CRC-32 does not match: the state is damaged or truncated");
    in_ = in_.first(body);
  }
  void expect_end() const {
    if (left() != 0) fail(std::to_string(left()) + " trailing bytes at offset " + std::to_string(pos_));
  }

 private:
  std::uint64_t le(std::size_t n, const char* what) {
    const cardcore::ByteView b = bytes(n, what);
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[i];
    return v;
  }

  cardcore::ByteView in_;
  std::string kind_;
  std::size_t pos_ = 0;
};

inline void put_header(cardcore::Bytes& out, const char (&magic)[5], std::uint16_t version) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(magic[i]));
  put_u16(out, version);
}

// The CRC-32 (cardcore/nvm/crc32.hpp) of everything written before it, as
// the state's last 4 bytes: Reader::sealed_header() checks it.
inline void put_crc(cardcore::Bytes& out) { put_u32(out, cardcore::crc32(out)); }

}  // namespace twinmodels::state
