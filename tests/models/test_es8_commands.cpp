// The SM-DP's ES8 C-APDUs (models/twinmodels/platform/es8_commands.*), byte
// for byte as the eUICC's tests send them (tests/card-core/euicc_fixture.hpp).
#include <gtest/gtest.h>

#include <stdexcept>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/es8_commands.hpp"

namespace twinmodels::platform {
namespace test_es8_commands {

using cardcore::Bytes;
using cardcore::from_hex;
using cardcore::to_hex;

TEST(Es8Commands, InstallForPersonalization) {
  EXPECT_EQ(to_hex(es8::install_for_personalization(from_hex("A0000005591010FFFFFFFF8900001200"))),
            "80e6200016000010a0000005591010ffffffff8900001200000000");
  EXPECT_EQ(to_hex(es8::install_for_personalization(from_hex("A000000559"))), "80e620000b000005a000000559000000");
  EXPECT_THROW(es8::install_for_personalization(from_hex("A0000005")), std::invalid_argument);
  EXPECT_THROW(es8::install_for_personalization(Bytes(17, 0xA0)), std::invalid_argument);
}

TEST(Es8Commands, KeyEstablishmentStoreDataHasLe) {
  EXPECT_EQ(to_hex(es8::key_establishment_store_data(0x09, from_hex("3A0103112233"))), "80e2090006" "3a0103112233" "00");
  EXPECT_EQ(to_hex(es8::key_establishment_store_data(0x89, from_hex("3A020100"))), "80e2890004" "3a020100" "00");
  EXPECT_THROW(es8::key_establishment_store_data(0x09, Bytes(256, 0)), std::invalid_argument);
}

TEST(Es8Commands, DownloadBlocksAreNumberedAndTheLastHasP1_80) {
  Bytes package(450);
  for (std::size_t i = 0; i < package.size(); ++i) package[i] = static_cast<std::uint8_t>(i);
  const std::vector<Bytes> b = es8::download_blocks(package, 200);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(to_hex(Bytes(b[0].begin(), b[0].begin() + 5)), "80e20000c8");
  EXPECT_EQ(to_hex(Bytes(b[1].begin(), b[1].begin() + 5)), "80e20001c8");
  EXPECT_EQ(to_hex(Bytes(b[2].begin(), b[2].begin() + 5)), "80e2800232");
  for (const Bytes& c : b) EXPECT_EQ(c.back(), 0x00);  // Le
  Bytes joined;
  for (const Bytes& c : b) joined.insert(joined.end(), c.begin() + 5, c.end() - 1);
  EXPECT_EQ(joined, package);
  // One block: the first is the last.
  EXPECT_EQ(to_hex(es8::download_blocks(from_hex("0102"), 200).at(0)), "80e28000020102" "00");
  EXPECT_EQ(es8::download_blocks(Bytes(256, 1), 1).size(), 256u);
  EXPECT_THROW(es8::download_blocks(Bytes(257, 1), 1), std::invalid_argument);
  EXPECT_THROW(es8::download_blocks({}, 200), std::invalid_argument);
  EXPECT_THROW(es8::download_blocks(package, 0), std::invalid_argument);
  EXPECT_THROW(es8::download_blocks(package, 256), std::invalid_argument);
}

// SCP03t (SGP.02 §4.1.3.3): the package cut anywhere, the pieces joined
// give it back; at most 255 segments.
TEST(Es8Commands, PackageSegmentsCutThePackage) {
  Bytes package(2000);
  for (std::size_t i = 0; i < package.size(); ++i) package[i] = static_cast<std::uint8_t>(i * 7);
  const std::vector<Bytes> s = es8::package_segments(package, 900);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].size(), 900u);
  EXPECT_EQ(s[2].size(), 200u);
  Bytes joined;
  for (const Bytes& x : s) joined.insert(joined.end(), x.begin(), x.end());
  EXPECT_EQ(joined, package);
  EXPECT_EQ(es8::package_segments(Bytes(255, 1), 1).size(), 255u);
  EXPECT_THROW(es8::package_segments(Bytes(256, 1), 1), std::invalid_argument);
  EXPECT_THROW(es8::package_segments({}, 900), std::invalid_argument);
  EXPECT_THROW(es8::package_segments(package, 0), std::invalid_argument);
}

TEST(Es8Commands, UpdatePolicyRules) {
  EXPECT_EQ(to_hex(es8::update_policy_rules(0x02)), "80e2880006" "3a0903810102" "00");
}

}  // namespace test_es8_commands
}  // namespace twinmodels::platform
