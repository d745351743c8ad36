// The INSTALL data parsers (GP Card Specification v2.3 §11.5.2.3; ETSI TS
// 102 226 §8.2.1.3.2): the system specific parameters 'EF' of INSTALL [for
// install], memory quotas 'C7' (volatile) and 'C8' (non-volatile).
#include <gtest/gtest.h>

#include "cardcore/gp/install_command.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::gp {
namespace test_gp_install_command {

std::string lv(const std::string& hex) {
  const std::size_t n = hex.size() / 2;
  const char digits[] = "0123456789ABCDEF";
  return std::string{digits[n >> 4], digits[n & 0x0F]} + hex;
}

// INSTALL [for install] data (§11.5.2.3.2) of the ISD-P module as SGP.02
// CreateISDP sends it, with `system` the value of 'EF' (none when empty).
Bytes create_isdp_data(const std::string& system) {
  std::string params = "C904" "81020370";
  if (!system.empty()) params += "EF" + lv(system);
  return from_hex(lv("A0000005591010FFFFFFFF8900000D00") + lv("A0000005591010FFFFFFFF8900000E00") +
                  lv("A0000005591010FFFFFFFF8900001200") + lv("80C000") + lv(params) + "00");
}

TEST(InstallCommand, NoQuotas) {
  const std::optional<InstallForInstall> in = parse_install_for_install(create_isdp_data(""));
  ASSERT_TRUE(in);
  EXPECT_FALSE(in->volatile_quota);
  EXPECT_FALSE(in->nonvolatile_quota);
  EXPECT_FALSE(in->toolkit);
  EXPECT_EQ(in->privileges, 0x80);
}

// TS 102 226 §8.2.1.3.2: 2 or 4 bytes, big-endian.
TEST(InstallCommand, QuotasOfTwoAndFourBytes) {
  std::optional<InstallForInstall> in = parse_install_for_install(create_isdp_data("C8" "04" "00012345"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->nonvolatile_quota, 0x12345u);
  EXPECT_FALSE(in->volatile_quota);

  in = parse_install_for_install(create_isdp_data("C7" "02" "0400" "C8" "02" "8000"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->volatile_quota, 0x0400u);
  EXPECT_EQ(in->nonvolatile_quota, 0x8000u);

  in = parse_install_for_install(create_isdp_data("C7" "04" "FFFFFFFF"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->volatile_quota, 0xFFFFFFFFu);
  EXPECT_FALSE(in->nonvolatile_quota);
}

// With the toolkit parameters 'CA' in the same 'EF', in any order.
TEST(InstallCommand, QuotasBesideToolkitParameters) {
  const std::string ca = "CA" "08" "0100" "01" "00" "10" "00" "00" "00";
  const std::optional<InstallForInstall> in = parse_install_for_install(create_isdp_data("C8" "02" "1000" + ca + "C7" "02" "0200"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->nonvolatile_quota, 0x1000u);
  EXPECT_EQ(in->volatile_quota, 0x0200u);
  ASSERT_TRUE(in->toolkit);
  EXPECT_EQ(in->toolkit->priority, 0x01);
}

TEST(InstallCommand, QuotaOfAWrongLengthIsRefused) {
  for (const char* bad : {"C8" "00", "C8" "01" "10", "C8" "03" "001000", "C8" "05" "0000001000",
                                  "C7" "01" "10", "C7" "03" "000100", "C7" "08" "0000000000000100"}) {
    EXPECT_FALSE(parse_install_for_install(create_isdp_data(bad))) << bad;
  }
  // A quota TLV whose length runs past 'EF'.
  EXPECT_FALSE(parse_install_for_install(create_isdp_data("C8" "04" "0010")));
}

// INSTALL [for load]'s 'C6' keeps its rule (2 or 4 bytes).
TEST(InstallCommand, LoadCodeSize) {
  const auto load = [](const std::string& c6) {
    return from_hex(lv("A0000005590202") + "00" "00" + lv("EF" + lv("C6" + lv(c6))) + "00");
  };
  const std::optional<InstallForLoad> in = parse_install_for_load(load("0300"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->code_size, 0x0300u);
  EXPECT_FALSE(parse_install_for_load(load("030000")));
}

}  // namespace test_gp_install_command
}  // namespace cardcore::gp
