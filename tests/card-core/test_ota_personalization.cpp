// Per-card OTA keys (Personalization::ota_keys): written with K and OPc in
// the personalization transaction, into EF.OTA_KEYS's body in the
// personalization area. A card personalized with keys X takes packets under
// X and refuses, changing nothing, those under the factory keys; bad key
// sets are refused before anything is written.
#include "cardcore/remote/key_sets.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_ota_personalization {

using cardcore::testing::OtaCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

// Keys X: one AES-128 pair per record of EF.OTA_KEYS, each record its own.
std::vector<OtaKeyValues> keys_x() {
  std::vector<OtaKeyValues> k;
  for (int r = 1; r <= 4; ++r) {
    OtaKeyValues v;
    for (int i = 0; i < 16; ++i) {
      v.kic_key.push_back(static_cast<std::uint8_t>(0x40 + 16 * r + i));
      v.kid_key.push_back(static_cast<std::uint8_t>(0x90 + 16 * r + i));
    }
    k.push_back(v);
  }
  return k;
}

Personalization perso(std::vector<OtaKeyValues> ota) {
  Personalization p{"898604000000000042", "460040000000042", Bytes(16, 0x11), Bytes(16, 0x22)};
  p.ota_keys = std::move(ota);
  return p;
}

// The domestic record's algorithms with other keys.
ota::OtaKeys with_keys(const OtaKeyValues& v) {
  ota::OtaKeys k = cardcore::testing::domestic_ota_keys();
  k.kic_key = v.kic_key;
  k.kid_key = v.kid_key;
  return k;
}

class OtaPersonalization : public OtaCard {
 protected:
  void SetUp() override {
    OtaCard::SetUp();
    card.personalize(perso(keys_x()));
  }
  // An unprotected PoR with `status` in the answer's data, the card unchanged.
  void expect_refused(const Bytes& p, const ota::Tar& tar, ota::PorStatus status) {
    const Bytes before = card.save_state();
    const std::string answer = run(p);
    const Bytes data = from_hex(answer.substr(0, answer.size() - 4));
    ASSERT_GE(data.size(), 3u) << answer;
    ota::ResponsePacket por;
    ota::IntegrityField none;
    ASSERT_EQ(ota::decode_response_packet(ByteView(data).subspan(3), none, nullptr, por), ota::ResponseCheck::Ok)
        << answer;
    EXPECT_EQ(por.status, status);
    EXPECT_EQ(por.tar, tar);
    EXPECT_EQ(card.save_state(), before);
  }
  const ota::CommandSecurity sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
};

const std::string kUpdateImsi = "00A4000C026F07" "00D6000009" "084906402143658709";

// The golden pair: the card's own keys open it, the factory keys no longer do.
TEST_F(OtaPersonalization, OwnKeysAcceptedFactoryKeysRefused) {
  keys = with_keys(keys_x()[1]);  // record 2: USIM RFM
  const ota::DecodedPor por = por_of(run(packet(sec, remote::kTarUsimRfm, 1, from_hex(kUpdateImsi))), sec,
                                     remote::kTarUsimRfm, 1);
  EXPECT_TRUE(por.secured);
  EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
  EXPECT_EQ(upper_hex(por.packet.additional_data), "029000");
  EXPECT_EQ(stored_counter(1), 1u);

  keys = cardcore::testing::domestic_ota_keys();
  expect_refused(packet(sec, remote::kTarUsimRfm, 2, from_hex(kUpdateImsi)), remote::kTarUsimRfm,
                 ota::PorStatus::RcCcDsFailed);
  EXPECT_EQ(stored_counter(1), 1u);
}

// Each record has its own keys: the USIM's do not open the UICC's or the
// SIM's TAR, and each TAR opens with its own.
TEST_F(OtaPersonalization, EachRecordItsOwnKeys) {
  const std::vector<OtaKeyValues> x = keys_x();
  keys = with_keys(x[1]);
  expect_refused(packet(sec, remote::kTarUiccRfm, 1, from_hex("00A4000C022FE2")), remote::kTarUiccRfm,
                 ota::PorStatus::RcCcDsFailed);
  expect_refused(packet(sec, remote::kTarSimRfm, 1, from_hex("A0A40000026F07")), remote::kTarSimRfm,
                 ota::PorStatus::RcCcDsFailed);
  keys = with_keys(x[0]);
  const std::string uicc = run(packet(sec, remote::kTarUiccRfm, 1, from_hex("00A4000C022FE2")));
  EXPECT_EQ(por_of(uicc, sec, remote::kTarUiccRfm, 1).packet.status, ota::PorStatus::Ok);
  keys = with_keys(x[2]);
  const std::string sim = run(packet(sec, remote::kTarSimRfm, 2, from_hex("A0A40000026F07")));
  EXPECT_EQ(upper_hex(por_of(sim, sec, remote::kTarSimRfm, 2).packet.additional_data), "019F0F");
}

// What the receiver reads is X, and the rest of each record is the factory's.
TEST_F(OtaPersonalization, TheRecordsHoldTheKeys) {
  const std::vector<OtaKeyValues> x = keys_x();
  const ota::Tar tars[] = {remote::kTarUiccRfm, remote::kTarUsimRfm, remote::kTarSimRfm};
  for (std::size_t i = 0; i < 3; ++i) {
    ota::CommandHeader h;
    h.tar = tars[i];
    h.spi = ota::Spi::parse(0x16, 0x39);
    h.kic = 0x22;
    h.kid = 0x22;
    const auto k = remote::find_tar_keys(card, h);
    ASSERT_TRUE(k && k->key_set);
    EXPECT_EQ(k->msl, 0x06);
    EXPECT_EQ(k->key_set->counter_record, 1);
    EXPECT_EQ(k->key_set->keys.kic_key, x[i].kic_key);
    EXPECT_EQ(k->key_set->keys.kid_key, x[i].kid_key);
  }
}

// The keys go to the personalization area in the same transaction as K and
// OPc: personalization dirties only pages of that area (and the journal),
// and a power loss at any of its programs leaves all of it or none.
TEST(OtaPersonalizationNvm, OneTransactionInThePersonalizationArea) {
  const auto p = cardcore::testing::domestic_profile();
  Uicc card(p);
  card.personalize(perso(keys_x()));
  const std::uint32_t area_pages = (p->layout.personalization.size + 63) / 64;
  std::size_t data_pages = 0;
  for (std::uint32_t page : card.nvm().dirty_pages()) {
    if (page >= card.nvm().data_page_count()) continue;  // journal
    EXPECT_LT(page, area_pages);
    ++data_pages;
  }
  // K/OPc, ICCID, IMSI, ACC at 0-52, the four records' keys at 62-93,
  // 135-166, 208-239, 281-312: pages 0-4 (the PIN records follow, unwritten).
  EXPECT_EQ(data_pages, 5u);

  const std::uint64_t programs = card.nvm().program_count();
  for (std::uint32_t n = 1; n <= programs; ++n) {
    Uicc torn(p);
    torn.nvm().arm_power_loss(n);
    EXPECT_THROW(torn.personalize(perso(keys_x())), PowerLoss) << n;
    torn.power_on();
    torn.power_off();
    const remote::KeySetRecord r = remote::factory_key_set_records(*p)[0];
    Bytes kic(16);
    torn.nvm().read(remote::key_set_keys_address(*p, r.record), kic);
    Bytes k(16);
    torn.nvm().read(p->auth.key_addr, k);
    // All new or all old: K and the first KIc key together.
    EXPECT_EQ(k == Bytes(16, 0x11), kic == keys_x()[0].kic_key) << n;
  }
}

// Keys of the wrong count or length are refused before anything is written;
// no keys keep the factory ones.
TEST(OtaPersonalizationNvm, BadKeySetsAreRefused) {
  const auto p = cardcore::testing::domestic_profile();
  Uicc card(p);
  std::vector<OtaKeyValues> two = keys_x();
  two.pop_back();
  EXPECT_THROW(card.personalize(perso(two)), std::invalid_argument);
  std::vector<OtaKeyValues> short_key = keys_x();
  short_key[2].kid_key.pop_back();
  EXPECT_THROW(card.personalize(perso(short_key)), std::invalid_argument);
  std::vector<OtaKeyValues> des = keys_x();
  des[0].kic_key.resize(8);
  EXPECT_THROW(card.personalize(perso(des)), std::invalid_argument);
  EXPECT_EQ(card.nvm().program_count(), 0u);

  card.personalize(perso({}));
  Bytes kic(16);
  card.nvm().read(remote::key_set_keys_address(*p, 1), kic);
  EXPECT_EQ(to_hex(kic), "200102030405060708090a0b0c0d0e0f");
}

}  // namespace test_ota_personalization
