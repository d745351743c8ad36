// The SM-DP's profile store and preparation (models/twinmodels/platform/
// profile_preparation.*): a generic package per profile type and owner, the
// subscription's ICCID, IMSI, K and OPc in their places of the package, and
// the refusals.
#include "smdp_packages.hpp"

#include <stdexcept>

#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/profile_package.hpp"

namespace twinmodels::testing {
namespace test_profile_preparation {

using cardcore::Bytes;
using cardcore::from_hex;
namespace saip = cardcore::saip;
using platform::ProfileStore;
using platform::SubscriptionValues;

ProfileStore store() {
  ProfileStore s;
  s.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  s.add("partner-eu", "Partner EU", saip_package("partner-eu.der"));
  return s;
}

SubscriptionValues values() {
  return {full_iccid("8986040012345678901"), "460041234567890", from_hex("000102030405060708090a0b0c0d0e0f"),
          from_hex("f0e0d0c0b0a090807060504030201000")};
}

// The content a File of the package gives its file (one FillFileContent).
Bytes content_of(const std::optional<saip::File>& f) {
  EXPECT_TRUE(f);
  if (!f) return {};
  Bytes out;
  for (const saip::FileElement& e : f->elements) {
    if (const auto* c = std::get_if<saip::FillFileContent>(&e)) out.insert(out.end(), c->content.begin(), c->content.end());
  }
  return out;
}

void expect_values(const Bytes& der, const SubscriptionValues& v) {
  const saip::ProfilePackage p = saip::decode_package(der);
  const Bytes iccid = cardcore::encode_iccid(v.iccid, false);
  EXPECT_EQ(p.header().iccid, iccid);
  ASSERT_TRUE(p.file_system(saip::FileSystemKind::Mf));
  EXPECT_EQ(content_of(p.file_system(saip::FileSystemKind::Mf)->file("ef-iccid")), iccid);
  ASSERT_TRUE(p.file_system(saip::FileSystemKind::Usim));
  EXPECT_EQ(content_of(p.file_system(saip::FileSystemKind::Usim)->file("ef-imsi")), cardcore::encode_imsi(v.imsi));
  const auto aka = p.all<saip::PeAkaParameter>();
  ASSERT_EQ(aka.size(), 1u);
  const auto& algo = std::get<saip::AlgoParameter>(aka[0]->algo_configuration);
  EXPECT_EQ(algo.key, v.k);
  EXPECT_EQ(algo.opc, v.opc);
  // What the eUICC's installation reads out of it (saip::plan_install).
  const saip::InstallPlan plan = saip::plan_install(p);
  EXPECT_EQ(plan.personalization.iccid + cardcore::luhn_digit(plan.personalization.iccid), v.iccid);
  EXPECT_EQ(plan.personalization.imsi, v.imsi);
  EXPECT_EQ(plan.personalization.k, v.k);
  EXPECT_EQ(plan.personalization.opc, v.opc);
}

TEST(ProfilePreparation, StoresGenericProfilesPerOperator) {
  const ProfileStore s = store();
  ASSERT_TRUE(s.find("cmcc-m2m"));
  EXPECT_EQ(s.find("cmcc-m2m")->owner, "China Mobile");
  EXPECT_EQ(s.find("partner-eu")->owner, "Partner EU");
  EXPECT_FALSE(s.find("other"));
  EXPECT_EQ(s.types_of("China Mobile"), std::vector<std::string>{"cmcc-m2m"});
  EXPECT_EQ(s.types_of("Partner EU"), std::vector<std::string>{"partner-eu"});
  EXPECT_TRUE(s.types_of("nobody").empty());
}

TEST(ProfilePreparation, PutsTheSubscriptionInEveryPlace) {
  const ProfileStore s = store();
  const SubscriptionValues v = values();
  expect_values(s.prepare("cmcc-m2m", v), v);
  // A partner operator's package, and a 19-digit ICCID ('F' filled).
  SubscriptionValues p = v;
  p.iccid = full_iccid("894901000000000012");
  ASSERT_EQ(p.iccid.size(), 19u);
  p.imsi = "262011234567890";
  expect_values(s.prepare("partner-eu", p), p);
  // Only those values change: the generic package's other PEs stay.
  const saip::ProfilePackage generic = saip::decode_package(saip_package("cmcc-m2m.der"));
  const saip::ProfilePackage prepared = saip::decode_package(s.prepare("cmcc-m2m", v));
  ASSERT_EQ(prepared.elements.size(), generic.elements.size());
  for (std::size_t i = 0; i < generic.elements.size(); ++i) {
    const bool personalized = std::holds_alternative<saip::ProfileHeader>(generic.elements[i]) ||
                              std::holds_alternative<saip::PeAkaParameter>(generic.elements[i]) ||
                              std::holds_alternative<saip::FileSystemPe>(generic.elements[i]);
    if (!personalized) {
      EXPECT_EQ(prepared.elements[i], generic.elements[i]) << "PE #" << i;
    }
  }
  EXPECT_EQ(prepared.file_system(saip::FileSystemKind::OptUsim)->files,
            generic.file_system(saip::FileSystemKind::OptUsim)->files);
  EXPECT_NE(s.prepare("cmcc-m2m", v), saip_package("cmcc-m2m.der"));
}

TEST(ProfilePreparation, RefusesValuesOfTheWrongSizeOrFormat) {
  const ProfileStore s = store();
  auto refused = [&](SubscriptionValues v, const std::string& what) {
    try {
      s.prepare("cmcc-m2m", v);
      ADD_FAILURE() << "taken: " << what;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  SubscriptionValues v = values();
  v.iccid = "898604001234567890";  // 18 digits
  refused(v, "not 19 or 20 digits");
  v.iccid = values().iccid;
  v.iccid.back() = v.iccid.back() == '0' ? '1' : '0';
  refused(v, "Luhn");
  v.iccid = "89860400123456789A1";
  refused(v, "not 19 or 20 digits");
  v = values();
  v.imsi = "4600412345678901";  // 16 digits
  refused(v, "IMSI");
  v.imsi = "46004123456789x";
  refused(v, "IMSI");
  v.imsi = "46004";
  refused(v, "IMSI");
  v = values();
  v.k.pop_back();
  refused(v, "K must be 16 bytes");
  v = values();
  v.opc.push_back(0);
  refused(v, "OPc must be 16 bytes");
  EXPECT_THROW(s.prepare("nothing", values()), std::invalid_argument);
}

TEST(ProfilePreparation, RefusesPackagesWithoutAPlaceForAValue) {
  const saip::ProfilePackage generic = saip::decode_package(saip_package("cmcc-m2m.der"));
  auto refused = [&](const saip::ProfilePackage& p, const std::string& what) {
    try {
      platform::personalize_package(p, values());
      ADD_FAILURE() << "taken: " << what;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  // No PE-AKAParameter.
  saip::ProfilePackage p = generic;
  std::erase_if(p.elements, [](const saip::ProfileElement& e) { return std::holds_alternative<saip::PeAkaParameter>(e); });
  refused(p, "no PE-AKAParameter");
  // EF.IMSI not created.
  p = generic;
  for (saip::ProfileElement& e : p.elements) {
    auto* fs = std::get_if<saip::FileSystemPe>(&e);
    if (fs && fs->kind == saip::FileSystemKind::Usim) fs->file("ef-imsi") = saip::File{{saip::DoNotCreate{}}};
  }
  refused(p, "does not create EF.IMSI");
  // No PE-USIM at all.
  p = generic;
  std::erase_if(p.elements, [](const saip::ProfileElement& e) {
    const auto* fs = std::get_if<saip::FileSystemPe>(&e);
    return fs && (fs->kind == saip::FileSystemKind::Usim || fs->kind == saip::FileSystemKind::OptUsim);
  });
  refused(p, "no PE-USIM");
  // The store refuses such a package when it is added.
  ProfileStore s;
  saip::ProfilePackage no_aka = generic;
  std::erase_if(no_aka.elements,
                [](const saip::ProfileElement& e) { return std::holds_alternative<saip::PeAkaParameter>(e); });
  EXPECT_THROW(s.add("no-aka", "China Mobile", saip::encode_package(no_aka)), std::invalid_argument);
  EXPECT_FALSE(s.find("no-aka"));
  // Not a package at all, and a type stored twice.
  EXPECT_THROW(s.add("junk", "China Mobile", from_hex("30030201")), saip::PackageError);
  s.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  EXPECT_THROW(s.add("cmcc-m2m", "Partner EU", saip_package("partner-eu.der")), std::invalid_argument);
  EXPECT_EQ(s.find("cmcc-m2m")->owner, "China Mobile");
}

}  // namespace test_profile_preparation
}  // namespace twinmodels::testing
