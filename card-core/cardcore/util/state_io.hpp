#pragma once
// Little-endian writing and bounds-checked reading of card state snapshots
// (card/STATE-FORMAT.md). Every reading error is
// std::invalid_argument("card state: <what is wrong>").
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore::state {

[[noreturn]] inline void fail(const std::string& what) { throw std::invalid_argument("card state: " + what); }

inline void put_u8(Bytes& out, std::uint8_t v) { out.push_back(v); }
inline void put_u16(Bytes& out, std::uint16_t v) {
  for (int i = 0; i < 2; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_u32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_bytes(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

// A cursor over a saved state. `what` names the field in error messages.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}

  std::size_t offset() const { return pos_; }
  std::size_t left() const { return in_.size() - pos_; }

  ByteView bytes(std::size_t n, const char* what) {
    need(n, what);
    const ByteView b = in_.subspan(pos_, n);
    pos_ += n;
    return b;
  }
  std::uint8_t u8(const char* what) { return bytes(1, what)[0]; }
  std::uint16_t u16(const char* what) { return static_cast<std::uint16_t>(le(2, what)); }
  std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(le(4, what)); }
  std::uint64_t u64(const char* what) { return le(8, what); }
  // A byte that must be 0 or 1.
  bool flag(const char* what) {
    const std::uint8_t v = u8(what);
    if (v > 1) fail(std::string(what) + " is " + std::to_string(v) + ", not 0 or 1");
    return v == 1;
  }
  // Throws unless at least n bytes are left.
  void need(std::size_t n, const char* what) const {
    if (n > left()) {
      fail(std::string("truncated at ") + what + " (offset " + std::to_string(pos_) + ", " + std::to_string(n) +
           " bytes needed, " + std::to_string(left()) + " left)");
    }
  }
  void expect_end() const {
    if (left() != 0) fail(std::to_string(left()) + " trailing bytes at offset " + std::to_string(pos_));
  }

 private:
  std::uint64_t le(std::size_t n, const char* what) {
    const ByteView b = bytes(n, what);
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[i];
    return v;
  }

  ByteView in_;
  std::size_t pos_ = 0;
};

}  // namespace cardcore::state
