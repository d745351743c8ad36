#pragma once
// A domestic card for the tests: the profile from profiles/, and a terse way
// to send APDUs in hex and look at what comes back.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"

namespace cardcore::testing {

inline std::shared_ptr<const ProfileTemplate> domestic_profile() {
  static auto p = std::make_shared<const ProfileTemplate>(
      load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

// TS 101 220 Annex E: the 3GPP USIM AID prefix (RID + application code).
inline constexpr const char* kUsimAidPrefix = "A0000000871002";

class CardTest : public ::testing::Test {
 protected:
  void SetUp() override { card.power_on(); }

  // Sends one APDU; returns the whole R-APDU in upper-case hex without spaces.
  std::string send(const std::string& hex) {
    const Bytes r = card.transmit(from_hex(hex));
    std::string s = to_hex(r);
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  // Sends and returns only the status word.
  StatusWord sw_of(const std::string& hex) {
    const Bytes r = card.transmit(from_hex(hex));
    return be16(r.data() + r.size() - 2);
  }
  // Sends a case 3/4 command and fetches its data with GET RESPONSE; returns
  // data + SW in hex.
  std::string exchange(const std::string& hex) {
    const Bytes r = card.transmit(from_hex(hex));
    if (r.size() == 2 && r[0] == 0x61) {
      char le[3];
      std::snprintf(le, sizeof le, "%02X", r[1]);
      return send(std::string("00C00000") + le);
    }
    return send_result(r);
  }
  void select_usim() { ASSERT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000"); }

  Uicc card{domestic_profile()};

 private:
  static std::string send_result(const Bytes& r) {
    std::string s = to_hex(r);
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
};

}  // namespace cardcore::testing
