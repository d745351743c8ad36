// The EID's check digits (models/twinmodels/platform/eid.hpp; SGP.02
// §2.2.2, GSMA SGP.29 §2.2): an EID often shown in GSMA RSP examples (its
// value mod 97 is 1), the laboratory's default EID, a digit changed, and
// bodies that are not 30 digits.
#include <gtest/gtest.h>

#include <stdexcept>

#include "twinmodels/platform/eid.hpp"

namespace test_eid {

using twinmodels::platform::eid_check_digits_ok;
using twinmodels::platform::eid_with_check_digits;

TEST(Eid, CheckDigitsOfAnExampleEidAndTheLabsDefault) {
  EXPECT_TRUE(eid_check_digits_ok("89049032123451234512345678901235"));
  EXPECT_EQ(eid_with_check_digits("890490321234512345123456789012"), "89049032123451234512345678901235");
  EXPECT_EQ(eid_with_check_digits("890860300000000000000000000001"), "89086030000000000000000000000192");
}

TEST(Eid, AWrongDigitOrLengthIsNoEid) {
  EXPECT_FALSE(eid_check_digits_ok("89049032123451234512345678901236"));
  EXPECT_FALSE(eid_check_digits_ok("8904903212345123451234567890123"));
  EXPECT_FALSE(eid_check_digits_ok("8904903212345123451234567890123A"));
  EXPECT_THROW(eid_with_check_digits("89049032"), std::invalid_argument);
  EXPECT_THROW(eid_with_check_digits("89049032123451234512345678901x"), std::invalid_argument);
}

}  // namespace test_eid
