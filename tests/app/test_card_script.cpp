// The scriptor-format runner: expectation patterns and malformed scripts.
#include <gtest/gtest.h>

#include <sstream>

#include "card_script.hpp"
#include "cardcore/profile/profile_parser.hpp"

namespace test_card_script {

using namespace esimtwin;
using cardcore::from_hex;

TEST(ResponseMatches, ExactWildcardAndStar) {
  EXPECT_TRUE(response_matches("90 00", from_hex("9000")));
  EXPECT_FALSE(response_matches("90 00", from_hex("6a82")));
  EXPECT_TRUE(response_matches("61 XX", from_hex("6125")));
  EXPECT_FALSE(response_matches("61 XX", from_hex("612500")));
  EXPECT_TRUE(response_matches("* 90 00", from_hex("0102039000")));
  EXPECT_TRUE(response_matches("DB 08 * 90 00", from_hex("db08aa9000")));
  EXPECT_FALSE(response_matches("DB 08 * 90 00", from_hex("dc0e9000")));
  EXPECT_THROW(response_matches("9", from_hex("9000")), ScriptError);
}

std::shared_ptr<const cardcore::ProfileTemplate> domestic() {
  static auto p = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

std::string run(const std::string& text, ScriptResult* result = nullptr) {
  cardcore::Uicc card(domestic());
  std::istringstream in(text);
  std::ostringstream out;
  const ScriptResult r = run_card_script(in, "t.apdu", card, out);
  if (result) *result = r;
  return out.str();
}

TEST(CardScript, CountsExpectationsAndMismatches) {
  ScriptResult r;
  run("00 A4 00 04 02 3F 00\n# expect 61 XX\n00 A4 00 04 02 3F 00\n# expect 90 00\n", &r);
  EXPECT_EQ(r.apdus, 2u);
  EXPECT_EQ(r.expectations, 2u);
  EXPECT_EQ(r.mismatches, 1u);
}

TEST(CardScript, MalformedLinesNameTheLine) {
  struct Case { const char* text; const char* message; };
  const Case cases[] = {
      {"00 A4 00 04 02 3F 0\n", "t.apdu:1:"},
      {"# c\nhello world\n", "t.apdu:2:"},
      {"00 A4\n", "t.apdu:1: an APDU needs at least CLA INS P1 P2"},
      {"# expect 90 00\n", "t.apdu:1: \"# expect\" without a command"},
      {"00 A4 00 04 02 3F 00\n# expect 9\n", "t.apdu:2:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    try {
      run(c.text);
      FAIL() << "no ScriptError";
    } catch (const ScriptError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

}  // namespace test_card_script
