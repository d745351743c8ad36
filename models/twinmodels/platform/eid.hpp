#pragma once
// The EID's check digits (SGP.02 §2.2.2; GSMA SGP.29 §2.2): an EID is 32
// decimal digits whose value mod 97 is 1 (ISO 7064 MOD 97-10), the last two
// digits making it so.
#include <string>
#include <string_view>

namespace twinmodels::platform {

// True when `eid` is 32 digits and its check digits are right.
bool eid_check_digits_ok(std::string_view eid);
// The EID of 30 leading digits `body`: body and its two check digits.
std::string eid_with_check_digits(std::string_view body);

}  // namespace twinmodels::platform
