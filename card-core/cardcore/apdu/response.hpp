#pragma once
// The response data a command builds (at most 256 bytes with short Le,
// ISO 7816-4 §5.1), before the transport adds SW1 SW2.
#include <array>
#include <cstdint>
#include <cstring>

#include "cardcore/util/bytes.hpp"

namespace cardcore {

inline constexpr std::size_t kMaxResponseData = 256;
inline constexpr std::size_t kMaxRapdu = kMaxResponseData + 2;

class Response {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::uint8_t* data() const { return buf_.data(); }
  ByteView view() const { return ByteView(buf_.data(), size_); }
  std::uint8_t* tail() { return buf_.data() + size_; }
  std::size_t room() const { return kMaxResponseData - size_; }

  // Appends bytes; returns false (appending nothing) if they do not fit.
  bool append(ByteView b) {
    if (b.size() > room()) return false;
    if (!b.empty()) std::memcpy(buf_.data() + size_, b.data(), b.size());
    size_ += b.size();
    return true;
  }
  bool push(std::uint8_t v) {
    if (room() == 0) return false;
    buf_[size_++] = v;
    return true;
  }
  // Marks n bytes written at tail() as part of the response.
  void grow(std::size_t n) { size_ += n; }
  void clear() { size_ = 0; }

 private:
  std::array<std::uint8_t, kMaxResponseData> buf_;
  std::size_t size_ = 0;
};

}  // namespace cardcore
