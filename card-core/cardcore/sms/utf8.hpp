#pragma once
// Internal to cardcore::sms: UTF-8 <-> Unicode code points for the text
// alphabets (GSM 7 bit, UCS2). Text crosses the API as UTF-8.
#include <string>
#include <string_view>

namespace cardcore::sms::detail {

// Throws SmsError(field, byte index) on malformed UTF-8 (overlong forms,
// surrogates and values above U+10FFFF included).
std::u32string utf8_to_code_points(std::string_view text, const char* field);

void append_utf8(std::string& out, char32_t cp);

}  // namespace cardcore::sms::detail
