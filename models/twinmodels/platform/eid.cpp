#include "twinmodels/platform/eid.hpp"

#include <cstdio>
#include <stdexcept>

namespace twinmodels::platform {

namespace {

// ISO 7064 MOD 97-10 over a string of digits.
unsigned mod97(std::string_view digits) {
  unsigned r = 0;
  for (char c : digits) r = (r * 10 + static_cast<unsigned>(c - '0')) % 97;
  return r;
}

bool eid_digits_only(std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; }

}  // namespace

bool eid_check_digits_ok(std::string_view eid) { return eid.size() == 32 && eid_digits_only(eid) && mod97(eid) == 1; }

std::string eid_with_check_digits(std::string_view body) {
  if (body.size() != 30 || !eid_digits_only(body)) throw std::invalid_argument("an EID's body is 30 digits");
  // The check digits make the whole EID mod 97 equal 1.
  const unsigned check = 98 - mod97(std::string(body) + "00");
  char digits[3];
  std::snprintf(digits, sizeof digits, "%02u", check);
  return std::string(body) + digits;
}

}  // namespace twinmodels::platform
