// The [ota] section of a profile (docs/PROFILE-FORMAT.md, "OTA key sets and
// counters"): the domestic profile's key sets as the receiver reads them,
// and the errors a broken section gets.
#include <gtest/gtest.h>

#include <algorithm>

#include "card_fixture.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/ota/command_packet.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/remote/tar.hpp"

namespace test_ota_profile {

using namespace cardcore;

const std::string kKeys = "200102030405060708090a0b0c0d0e0f 201102030405060708090a0b0c0d0e0f";

std::string profile(const std::string& keys_record, const std::string& ota_section,
                    const std::string& counters_length = "5") {
  return "[profile]\nname = t\n"
         "atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5\n"
         "[auth]\nk = 000102030405060708090A0B0C0D0E0F\nopc = 000102030405060708090A0B0C0D0E0F\n"
         "[file MF]\npath = 3F00\nstructure = df\narr = 2F06#1\n"
         "[file EF.ARR]\npath = 3F00/2F06\nstructure = linear_fixed\nrecord_length = 16\nrecords = 1\narr = 2F06#1\n"
         "record 1 = 80 01 03 97 00\n"
         "[file DF.OTA]\npath = 3F00/7F66\nstructure = df\narr = 2F06#1\n"
         "[file EF.KEYS]\npath = 3F00/7F66/6F01\nstructure = linear_fixed\nrecord_length = 73\nrecords = 2\n"
         "arr = 2F06#1\nrecord 1 = " + keys_record + "\n"
         "[file EF.CNTR]\npath = 3F00/7F66/6F02\nstructure = linear_fixed\nrecord_length = " + counters_length +
         "\nrecords = 2\narr = 2F06#1\n"
         "[file EF.T]\npath = 3F00/6F03\nstructure = transparent\nsize = 73\narr = 2F06#1\n" + ota_section;
}

const std::string kOta = "[ota]\nkeys = 3F00/7F66/6F01\ncounters = 3F00/7F66/6F02\n";

std::string error_of(const std::string& text) {
  try {
    parse_profile(text, "t.prof");
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(OtaProfile, DomesticKeySetsAsTheReceiverReadsThem) {
  const auto p = cardcore::testing::domestic_profile();
  ASSERT_TRUE(p->ota);
  EXPECT_EQ(p->qualified_name(p->ota->keys), "DF.OTA/EF.OTA_KEYS");
  EXPECT_EQ(p->qualified_name(p->ota->counters), "DF.OTA/EF.OTA_CNTR");
  Uicc card(p);
  for (const ota::Tar tar : {remote::kTarUiccRfm, remote::kTarUsimRfm, remote::kTarSimRfm}) {
    ota::CommandHeader h;
    h.tar = tar;
    h.spi = ota::Spi::parse(0x16, 0x39);
    h.kic = 0x22;
    h.kid = 0x22;
    const auto k = remote::find_tar_keys(card, h);
    ASSERT_TRUE(k);
    EXPECT_EQ(k->msl, 0x06);
    ASSERT_TRUE(k->key_set);
    EXPECT_EQ(k->key_set->counter_record, 1);
    EXPECT_EQ(to_hex(k->key_set->keys.kic_key), "200102030405060708090a0b0c0d0e0f");
    EXPECT_EQ(to_hex(k->key_set->keys.kid_key), "201102030405060708090a0b0c0d0e0f");
    // Key version 3 is not there; implicit algorithms name version 2 still.
    h.kic = 0x32;
    EXPECT_FALSE(remote::find_tar_keys(card, h)->key_set);
    h.kic = 0x20;
    h.kid = 0x20;
    EXPECT_TRUE(remote::find_tar_keys(card, h)->key_set);
  }
  ota::CommandHeader other;
  other.tar = {0xB0, 0x00, 0x12};  // a USIM RFM TAR without a key set
  EXPECT_FALSE(remote::find_tar_keys(card, other));
  EXPECT_EQ(remote::read_counter(card, 1), 0u);
  EXPECT_EQ(remote::read_counter(card, 5), ota::kCounterMax);  // no such record: blocked
}

TEST(OtaProfile, AWellFormedSection) {
  const ProfileTemplate t = parse_profile(profile("B00011 06 01 22 10 22 10 " + kKeys, kOta), "t.prof");
  ASSERT_TRUE(t.ota);
  EXPECT_EQ(t.files[t.ota->keys].name, "EF.KEYS");
  // Without the section the card has no OTA receiver.
  EXPECT_FALSE(parse_profile(profile("B00011 06 01 22 10 22 10 " + kKeys, ""), "t.prof").ota);
  // An unused record (TAR FF FF FF) is not checked.
  EXPECT_TRUE(parse_profile(profile("FFFFFF", kOta), "t.prof").ota);
}

TEST(OtaProfile, BrokenSections) {
  const std::string good = "B00011 06 01 22 10 22 10 " + kKeys;
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {profile(good, "[ota]\nkeys = 3F00/7F66/6F01\n"), "[ota] has no 'counters'"},
      {profile(good, kOta + "extra = 1\n"), "unknown key 'extra' in [ota]"},
      {profile(good, "[ota x]\n"), "section [ota] takes no name"},
      {profile(good, kOta + kOta), "duplicate section [ota]"},
      {profile(good, "[ota]\nkeys = 3F00/7F66/6F09\ncounters = 3F00/7F66/6F02\n"), "keys: no file 3F00/7F66/6F09"},
      {profile(good, "[ota]\nkeys = 3F00/6F03\ncounters = 3F00/7F66/6F02\n"), "keys: EF.T is not linear fixed"},
      {profile(good, "[ota]\nkeys = 3F00/7F66/6F01\ncounters = 3F00/7F66/6F01\n"),
       "counters: EF.KEYS has records of 73 bytes, expected 5"},
      {profile(good, kOta, "6"), "counters: EF.CNTR has records of 6 bytes, expected 5"},
      {profile("B00011 06 03 22 10 22 10 " + kKeys, kOta), "EF.KEYS record 1: counter record 3 does not exist"},
      {profile("B00011 06 00 22 10 22 10 " + kKeys, kOta), "counter record 0 does not exist"},
      {profile("B00011 06 01 22 11 22 10 " + kKeys, kOta), "EF.KEYS record 1: a key of 17 bytes"},
      {profile("B00011 06 01 22 10 22 28 " + kKeys, kOta), "a key of 40 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    const std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.message), std::string::npos) << e;
  }
}

// The factory records as personalization and the platform read them: the
// used records in order, with everything but the keys, and where their keys
// lie (in the personalization area: EF.OTA_KEYS is `personalized`).
TEST(OtaProfile, FactoryKeySetRecords) {
  const auto p = cardcore::testing::domestic_profile();
  const std::vector<remote::KeySetRecord> r = remote::factory_key_set_records(*p);
  ASSERT_EQ(r.size(), 4u);
  const ota::Tar tars[] = {remote::kTarUiccRfm, remote::kTarUsimRfm, remote::kTarSimRfm, remote::kTarIsd};
  for (std::size_t i = 0; i < r.size(); ++i) {
    const bool isd = i == 3;  // the ISD's: key version 1, its own counter, MSL 16
    EXPECT_EQ(r[i].record, i + 1);
    EXPECT_EQ(r[i].tar, tars[i]);
    EXPECT_EQ(r[i].msl, isd ? 0x16 : 0x06);
    EXPECT_EQ(r[i].counter_record, isd ? 2 : 1);
    EXPECT_EQ(r[i].kic, isd ? 0x12 : 0x22);
    EXPECT_EQ(r[i].kic_length, 16);
    EXPECT_EQ(r[i].kid, isd ? 0x12 : 0x22);
    EXPECT_EQ(r[i].kid_length, 16);
  }
  const FileNode& keys = p->files[p->ota->keys];
  EXPECT_EQ(remote::key_set_keys_address(*p, 2), keys.body_addr + 73 + 9);
  EXPECT_LE(keys.body_addr + keys.size, p->layout.personalization.addr + p->layout.personalization.size);
  EXPECT_NE(std::find(p->layout.personalized_files.begin(), p->layout.personalized_files.end(), p->ota->keys),
            p->layout.personalized_files.end());
  // An unused record (TAR FF FF FF) is none; a profile without [ota] has none.
  const ProfileTemplate t = parse_profile(profile("FFFFFF", kOta), "t.prof");
  EXPECT_TRUE(remote::factory_key_set_records(t).empty());
  EXPECT_TRUE(remote::factory_key_set_records(parse_profile(profile("FFFFFF", ""), "t.prof")).empty());
}

}  // namespace test_ota_profile
