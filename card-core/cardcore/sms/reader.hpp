#pragma once
// Internal to cardcore::sms: a bounds-checked cursor over a TPDU that throws
// SmsError naming the field and its offset instead of reading past the end.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cardcore/sms/sms_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms::detail {

class Reader {
 public:
  // `context` names the TPDU ("SMS-DELIVER") in error messages.
  Reader(ByteView data, const char* context) : data_(data), context_(context) {}

  std::uint8_t u8(const char* field) {
    need(1, field);
    return data_[pos_++];
  }

  ByteView take(std::size_t n, const char* field) {
    need(n, field);
    const ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  const char* context() const { return context_; }

  [[noreturn]] void fail(const char* field, const std::string& what) const { fail_at(field, pos_, what); }
  [[noreturn]] void fail_at(const char* field, std::size_t offset, const std::string& what) const {
    throw SmsError(field, offset, what, context_);
  }

 private:
  void need(std::size_t n, const char* field) const {
    if (remaining() < n)
      fail(field, "truncated: needs " + std::to_string(n) + " octet(s), " + std::to_string(remaining()) + " left");
  }

  ByteView data_;
  std::size_t pos_ = 0;
  const char* context_;
};

}  // namespace cardcore::sms::detail
