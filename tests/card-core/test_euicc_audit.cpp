// The eUICC capability audit's card resources (SGP.02 ES5.eUICCCapabilityAudit;
// GET DATA 'FF21', ETSI TS 102 226 §8.2.1.7.2) and the ISD-Ps' non-volatile
// memory quotas (CreateISDP's INSTALL 'EF' { 'C8' }, TS 102 226 §8.2.1.3.2):
// every expected value is counted here from the platform's EF.EUICC_RESOURCES
// and the profile cards' NVM images.
#include <algorithm>

#include "cardcore/gp/registry.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_audit {

using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kPersonalized;

inline const std::string kIsdP4 = "A0000005591010FFFFFFFF8900001300";

std::string hex32(std::uint32_t v) { return hex16(v >> 16) + hex16(v & 0xFFFF); }

// 'FF21' { '81' applications (1 byte below 256), '82' free NVM, '83' free
// volatile memory (4 bytes each) }, and the SW.
std::string ff21(unsigned applications, std::uint32_t nvm, std::uint32_t ram) {
  return "FF21" "0F" "8101" + hex8(applications) + "8204" + hex32(nvm) + "8304" + hex32(ram) + "9000";
}

const std::string kGetDataFf21 = "80CAFF2100";

// The NVM bytes of the card a package makes: its whole image.
std::uint32_t package_footprint(const Bytes& package) {
  const saip::InstallPlan plan = saip::plan_install(saip::decode_package(package));
  return Uicc(std::make_shared<const ProfileTemplate>(parse_profile(plan.profile_text, "footprint"))).nvm().size();
}

class EuiccAudit : public EuiccTest {
 protected:
  // A 4-byte big-endian field of the platform's EF.EUICC_RESOURCES
  // (3F00/7F68/6F08), read from its NVM.
  std::uint32_t resources_field(std::uint32_t offset) const {
    const std::optional<std::uint32_t> f = e.platform().profile().find_path({0x3F00, 0x7F68, 0x6F08});
    EXPECT_TRUE(f);
    if (!f) return 0;
    Bytes b(4);
    e.platform().nvm().read(e.platform().profile().files[*f].body_addr + offset, b);
    return static_cast<std::uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
  }
  std::uint32_t capacity() const { return resources_field(0); }
  std::uint32_t volatile_capacity() const { return resources_field(4); }
  std::uint32_t footprint(const std::string& isdp) {
    const Uicc* card = e.profile_card(from_hex(isdp));
    EXPECT_NE(card, nullptr) << isdp;
    return card ? card->nvm().size() : 0;
  }
  // Free NVM of the factory eUICC: the two factory profiles' images.
  std::uint32_t factory_free() { return capacity() - footprint(kIsdP1) - footprint(kIsdP2); }
  std::string audit() { return es5_one(kGetDataFf21); }
  std::vector<std::string> download(const ota::Tar& tar, const gp::scp03::StaticKeys& keys) {
    return isdp_session(tar, keys, package_blocks(package_file("cmcc-m2m.der")));
  }
  // What the platform keeps for an ISD-P (EF.ISDP_ATTR).
  euicc::IsdpAttributes attributes(const std::string& isdp) const {
    const std::vector<gp::Slot> used = gp::read_registry(e.platform());
    const gp::Slot* s = gp::find_aid(used, from_hex(isdp));
    EXPECT_NE(s, nullptr) << isdp;
    return s ? euicc::read_attributes(e.platform(), s->record) : euicc::IsdpAttributes{};
  }
};

TEST_F(EuiccAudit, FreshCardAnswersItsResources) {
  // The platform's factory values (profiles/euicc-platform.prof).
  EXPECT_EQ(capacity(), 512u * 1024);
  EXPECT_EQ(volatile_capacity(), 16u * 1024);
  const std::uint32_t used = footprint(kIsdP1) + footprint(kIsdP2);
  EXPECT_GT(used, 0u);
  EXPECT_EQ(audit(), expanded_answer({ff21(2, capacity() - used, volatile_capacity())}));
  EXPECT_EQ(e.free_profile_memory(), capacity() - used);
  // The same after a power cycle: all of it is in NVM.
  e.power_off();
  start();
  EXPECT_EQ(audit(), expanded_answer({ff21(2, capacity() - used, volatile_capacity())}));
}

TEST_F(EuiccAudit, CreateIsdpWithAQuotaReservesIt) {
  const std::uint32_t before = factory_free();
  const std::uint32_t quota = 0x00012000;
  EXPECT_EQ(es5_one(create_isdp(kIsdP3, "C804" + hex32(quota) + "C702" "0400")), expanded_answer({"9000"}));
  ASSERT_TRUE(info(kIsdP3));
  EXPECT_EQ(info(kIsdP3)->state, 0x07);
  // The volatile quota is read, not kept (volatile use is not modelled).
  EXPECT_EQ(audit(), expanded_answer({ff21(3, before - quota, volatile_capacity())}));
  const euicc::IsdpAttributes a = attributes(kIsdP3);
  EXPECT_EQ(a.nonvolatile_quota, quota);
  EXPECT_FALSE(a.installed);
  EXPECT_FALSE(a.fallback);
  // A 2-byte quota, and a quota of 0 (none).
  EXPECT_EQ(es5_one(create_isdp(kIsdP4, "C802" "8000")), expanded_answer({"9000"}));
  EXPECT_EQ(audit(), expanded_answer({ff21(4, before - quota - 0x8000, volatile_capacity())}));
  EXPECT_EQ(es5_one(delete_aid(kIsdP4)), expanded_answer({"9000"}));
  EXPECT_EQ(es5_one(create_isdp(kIsdP4, "C802" "0000")), expanded_answer({"9000"}));
  EXPECT_EQ(audit(), expanded_answer({ff21(4, before - quota, volatile_capacity())}));
  // Deleting the ISD-P gives its quota back.
  EXPECT_EQ(es5_one(delete_aid(kIsdP3)), expanded_answer({"9000"}));
  EXPECT_EQ(audit(), expanded_answer({ff21(3, before, volatile_capacity())}));
}

TEST_F(EuiccAudit, CreateIsdpWithAQuotaOverTheFreeMemoryIsRefused) {
  const std::uint32_t free = factory_free();
  EXPECT_EQ(es5_one(create_isdp(kIsdP3, "C804" + hex32(free + 1))), expanded_answer({"6A84"}));
  EXPECT_FALSE(info(kIsdP3));
  EXPECT_EQ(audit(), expanded_answer({ff21(2, free, volatile_capacity())}));
  // A quota of a wrong length: '6A80'.
  EXPECT_EQ(es5_one(create_isdp(kIsdP3, "C803" "001000")), expanded_answer({"6A80"}));
  EXPECT_FALSE(info(kIsdP3));
  // All of the free memory can be reserved; then nothing more.
  EXPECT_EQ(es5_one(create_isdp(kIsdP3, "C804" + hex32(free))), expanded_answer({"9000"}));
  EXPECT_EQ(audit(), expanded_answer({ff21(3, 0, volatile_capacity())}));
  EXPECT_EQ(es5_one(create_isdp(kIsdP4, "C802" "0001")), expanded_answer({"6A84"}));
  EXPECT_FALSE(info(kIsdP4));
}

TEST_F(EuiccAudit, DownloadOverTheQuotaIsRefused) {
  const std::uint32_t needed = package_footprint(package_file("cmcc-m2m.der"));
  const gp::scp03::StaticKeys keys = prepare_isdp(create_isdp(kIsdP3, "C804" + hex32(needed - 1)), kTarIsdP3);
  std::vector<std::string> expected(package_blocks(package_file("cmcc-m2m.der")).size(), "9000");
  expected.back() = "6A84";
  EXPECT_EQ(download(kTarIsdP3, keys), expected);
  ASSERT_TRUE(info(kIsdP3));
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  EXPECT_FALSE(info(kIsdP3)->installed);
  EXPECT_EQ(e.profile_card(from_hex(kIsdP3)), nullptr);
  EXPECT_EQ(audit(), expanded_answer({ff21(3, factory_free() - (needed - 1), volatile_capacity())}));
}

// A profile as large as the quota fits, and takes nothing beyond it.
TEST_F(EuiccAudit, DownloadUpToTheQuotaFits) {
  const std::uint32_t needed = package_footprint(package_file("cmcc-m2m.der"));
  const gp::scp03::StaticKeys keys = prepare_isdp(create_isdp(kIsdP3, "C804" + hex32(needed)), kTarIsdP3);
  const std::uint32_t before = factory_free();
  EXPECT_EQ(download(kTarIsdP3, keys),
            std::vector<std::string>(package_blocks(package_file("cmcc-m2m.der")).size(), "9000"));
  EXPECT_EQ(info(kIsdP3)->state, kDisabled);
  EXPECT_EQ(footprint(kIsdP3), needed);
  // The installation kept the quota in the attribute record.
  EXPECT_EQ(attributes(kIsdP3).nonvolatile_quota, needed);
  EXPECT_EQ(audit(), expanded_answer({ff21(3, before - needed, volatile_capacity())}));
}

TEST_F(EuiccAudit, DownloadWithoutQuotaTakesItsFootprintAndDeleteGivesItBack) {
  const std::uint32_t before = factory_free();
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  EXPECT_EQ(audit(), expanded_answer({ff21(3, before, volatile_capacity())}));  // nothing reserved yet
  EXPECT_EQ(download(kTarIsdP3, keys),
            std::vector<std::string>(package_blocks(package_file("cmcc-m2m.der")).size(), "9000"));
  ASSERT_TRUE(info(kIsdP3)->installed);
  const std::uint32_t used = footprint(kIsdP3);
  EXPECT_EQ(used, package_footprint(package_file("cmcc-m2m.der")));
  EXPECT_EQ(audit(), expanded_answer({ff21(3, before - used, volatile_capacity())}));
  EXPECT_EQ(e.free_profile_memory(), before - used);
  // ES5.DeleteProfile.
  EXPECT_EQ(es5_one(delete_aid(kIsdP3)), expanded_answer({"9000"}));
  EXPECT_EQ(audit(), expanded_answer({ff21(2, before, volatile_capacity())}));
}

// Without a quota the profile must fit the free memory: another ISD-P's
// quota leaves one byte too few.
TEST_F(EuiccAudit, DownloadOverTheFreeMemoryIsRefused) {
  const std::uint32_t needed = package_footprint(package_file("cmcc-m2m.der"));
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const std::uint32_t hog = factory_free() - needed + 1;
  EXPECT_EQ(es5_one(create_isdp(kIsdP4, "C804" + hex32(hog))), expanded_answer({"9000"}));
  std::vector<std::string> expected(package_blocks(package_file("cmcc-m2m.der")).size(), "9000");
  expected.back() = "6A84";
  EXPECT_EQ(download(kTarIsdP3, keys), expected);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  EXPECT_FALSE(info(kIsdP3)->installed);
  EXPECT_EQ(e.profile_card(from_hex(kIsdP3)), nullptr);
  // With the other ISD-P gone it fits.
  EXPECT_EQ(es5_one(delete_aid(kIsdP4)), expanded_answer({"9000"}));
  EXPECT_EQ(download(kTarIsdP3, keys),
            std::vector<std::string>(package_blocks(package_file("cmcc-m2m.der")).size(), "9000"));
  EXPECT_EQ(info(kIsdP3)->state, kDisabled);
  EXPECT_EQ(audit(), expanded_answer({ff21(3, factory_free() - needed, volatile_capacity())}));
}

// The factory cannot put a profile larger than the free memory on the
// eUICC: the domestic profile with 1 MiB for the files it creates.
TEST(EuiccFactoryMemory, AProfileLargerThanTheFreeMemoryIsRefused) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = text.find("[profile]\n");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 10, "created_file_space = 1048576\n");
  auto big = std::make_shared<const ProfileTemplate>(parse_profile(text, "big domestic"));
  euicc::Euicc e{euicc_platform()};
  ASSERT_GT(Uicc(big).nvm().size(), euicc::read_profile_memory(e.platform()).nonvolatile);
  const auto values = profile_values("898604000000000001", kCmccImsi);
  EXPECT_THROW(e.install_profile(from_hex(kIsdP1), big, values, true, true), std::invalid_argument);
  EXPECT_TRUE(e.profiles().empty());
  e.install_profile(from_hex(kIsdP1), domestic_profile(), values, true, true);
  EXPECT_EQ(e.profiles().size(), 1u);
}

// TS 102 226 §8.2.1.7.2: '81' takes 2 bytes from 256 applications on.
TEST(EuiccCardResources, Encoding) {
  EXPECT_EQ(upper_hex(euicc::extended_card_resources({3, 0x00012345, 0x4000})),
            "FF21" "0F" "810103" "820400012345" "830400004000");
  EXPECT_EQ(upper_hex(euicc::extended_card_resources({256, 0xFFFFFFFF, 0})),
            "FF21" "10" "81020100" "8204FFFFFFFF" "830400000000");
}

}  // namespace test_euicc_audit
}  // namespace cardcore::testing
