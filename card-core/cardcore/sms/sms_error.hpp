#pragma once
// The one error type of the SMS codec: every decoder and encoder of
// cardcore::sms reports malformed input by throwing SmsError, never by
// reading or writing out of bounds.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace cardcore::sms {

// The message reads "<field> at offset <n>: <what>", e.g.
// "SMS-DELIVER TP-OA at offset 1: address length 30 exceeds 20 semi-octets".
// field() is the bare field name ("TP-OA"); offset() is the octet offset in
// the decoded input (for encoders: the index in the offending value).
class SmsError : public std::invalid_argument {
 public:
  SmsError(std::string field, std::size_t offset, const std::string& what, const std::string& context = {})
      : std::invalid_argument((context.empty() ? std::string() : context + " ") + field + " at offset " +
                              std::to_string(offset) + ": " + what),
        field_(std::move(field)),
        offset_(offset) {}

  const std::string& field() const { return field_; }
  std::size_t offset() const { return offset_; }

 private:
  std::string field_;
  std::size_t offset_;
};

}  // namespace cardcore::sms
