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

// Hex in upper case without spaces, as the tests write APDUs.
inline std::string upper_hex(ByteView b) {
  std::string s = to_hex(b);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
inline std::string hex8(unsigned v) {
  char b[3];
  std::snprintf(b, sizeof b, "%02X", v & 0xFF);
  return b;
}
inline std::string hex16(unsigned v) { return hex8(v >> 8) + hex8(v); }

// TS 101 220 Annex E: the 3GPP USIM AID prefix (RID + application code).
inline constexpr const char* kUsimAidPrefix = "A0000000871002";

class CardTest : public ::testing::Test {
 protected:
  void SetUp() override { card.power_on(); }

  // What the terminal talks to: this card (an eUICC test talks to the eUICC).
  virtual Bytes transmit(ByteView capdu) { return card.transmit(capdu); }
  // Sends one APDU; returns the whole R-APDU in upper-case hex without spaces.
  std::string send(const std::string& hex) { return upper_hex(transmit(from_hex(hex))); }
  // Sends and returns only the status word.
  StatusWord sw_of(const std::string& hex) {
    const Bytes r = transmit(from_hex(hex));
    return be16(r.data() + r.size() - 2);
  }
  // Sends a case 3/4 command and fetches its data with GET RESPONSE; returns
  // data + SW in hex.
  std::string exchange(const std::string& hex) {
    const Bytes r = transmit(from_hex(hex));
    if (r.size() == 2 && r[0] == 0x61) return send("00C00000" + hex8(r[1]));
    return upper_hex(r);
  }
  void select_usim() { ASSERT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000"); }

  Uicc card{domestic_profile()};
};

}  // namespace cardcore::testing
