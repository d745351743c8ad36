#pragma once
// The SmsError a call throws, for tests of the SMS codec's bad-input answers
// (a test failure when it throws none).
#include <gtest/gtest.h>

#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms::sms_test {

template <typename F>
SmsError error_of(F&& f) {
  try {
    f();
  } catch (const SmsError& e) {
    return e;
  }
  ADD_FAILURE() << "no SmsError";
  return SmsError("(none)", 0, "");
}

}  // namespace cardcore::sms::sms_test
