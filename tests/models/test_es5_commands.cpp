// The SM-SR's ES5 C-APDUs (models/twinmodels/platform/es5_commands.hpp) byte
// for byte, and its reading of the card resources ('FF21').
#include <gtest/gtest.h>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/es5_commands.hpp"

namespace twinmodels::platform {
namespace test_es5_commands {

using cardcore::from_hex;
using cardcore::to_hex;

const cardcore::Bytes kIsdP3 = from_hex("A0000005591010FFFFFFFF8900001200");

TEST(Es5Commands, StoreDataOfOneDgi) {
  EXPECT_EQ(to_hex(es5::enable_profile(kIsdP3)), "80e2880015" "3a0312" "4f10a0000005591010ffffffff8900001200");
  EXPECT_EQ(to_hex(es5::disable_profile(kIsdP3)), "80e2880015" "3a0412" "4f10a0000005591010ffffffff8900001200");
  // With Le and P1 '89': the eUICC answers what the confirmation deleted.
  EXPECT_EQ(to_hex(es5::notification_confirmation(0x0102)), "80e2890007" "3a0804" "4e020102" "00");
}

TEST(Es5Commands, CreateIsdpAsTheEuiccTakesIt) {
  // INSTALL [for install and make selectable] of the ISD-P module (SGP.02
  // Annex H AIDs), privileges '80 C0 00', 'C9' { '81 02 03 70' }.
  const std::string base = "10a0000005591010ffffffff8900000d00" "10a0000005591010ffffffff8900000e00"
                           "10a0000005591010ffffffff8900001200" "0380c000";
  EXPECT_EQ(to_hex(es5::create_isdp(kIsdP3)), "80e60c003f" + base + "06c90481020370" "00");
  // A non-volatile quota: 'EF' { 'C8' 4 bytes }.
  EXPECT_EQ(to_hex(es5::create_isdp(kIsdP3, 0x8000)), "80e60c0047" + base + "0ec90481020370" "ef06c80400008000" "00");
}

TEST(Es5Commands, CardResourcesAreReadOrRefused) {
  const auto r = es5::read_card_resources(from_hex("ff210d" "810102" "820400080000" "83020400"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->installed_applications, 2u);
  EXPECT_EQ(r->free_nonvolatile, 0x80000u);
  EXPECT_EQ(r->free_volatile, 0x400u);
  EXPECT_FALSE(es5::read_card_resources(from_hex("ff2109" "810102" "820400080000")));              // no '83'
  EXPECT_FALSE(es5::read_card_resources(from_hex("ff210c" "810102" "820400080000" "83020400")));  // length off
  EXPECT_FALSE(es5::read_card_resources(from_hex("ff2111" "810102" "82080000000000080000" "83020400")));  // over 4 bytes
  EXPECT_FALSE(es5::read_card_resources(from_hex("ff2006" "810102" "830100")));  // another tag
  EXPECT_FALSE(es5::read_card_resources({}));
}

}  // namespace test_es5_commands
}  // namespace twinmodels::platform
