// The product testing gate with an import card (source document §4.1.1):
// an SGP.02 eUICC made with a foreign operator's profile, into which the
// laboratory downloads China Mobile's (docs/CERTIFICATION.md, "An eUICC").
// The shipped platform with the CMCC package is certified; too little
// memory, a wrong EID, a platform that is not one, a corrupt package and a
// foreign profile fail the cases they must.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "certification_cards.hpp"
#include "twinmodels/certification/certify.hpp"

namespace twinmodels::certification {
namespace test_certification_euicc {

using testing::case_of;
using testing::read;

// The shipped platform, partner-eu.der from the factory, `download` to download.
CardSource euicc(const std::string& download = "profiles/saip/cmcc-m2m.der",
                 const std::string& factory = "profiles/saip/partner-eu.der") {
  CardSource s;
  s.kind = CardSource::Kind::Euicc;
  s.name = "euicc-platform.prof";
  s.description = read("profiles/euicc-platform.prof");
  const std::string f = read(factory), d = read(download);
  s.factory_package.assign(f.begin(), f.end());
  s.package.assign(d.begin(), d.end());
  return s;
}

std::vector<std::string> ids(const CertificationReport& r) {
  std::vector<std::string> v;
  for (const CaseResult& c : r.cases) v.push_back(c.id);
  return v;
}

TEST(CertificationEuicc, TheEuiccWithTheChinaMobileProfileIsCertified) {
  const CertificationReport r = certify(euicc());
  const std::vector<std::string> expected = {"PC-01", "PC-02", "EU-01", "EU-02", "EU-03", "EU-04", "EU-05",
                                             "EU-06", "PC-03", "PC-04", "PC-05", "PC-06", "PC-07", "E2E-01",
                                             "E2E-02", "E2E-03", "E2E-04", "E2E-05", "E2E-06", "E2E-07", "EU-07"};
  EXPECT_EQ(ids(r), expected);
  for (const CaseResult& c : r.cases) {
    const bool na = c.id == "PC-02" || c.id == "E2E-03" || c.id == "E2E-07";
    EXPECT_EQ(c.verdict, na ? Verdict::NotApplicable : Verdict::Pass) << c.id << ": " << c.detail;
  }
  EXPECT_TRUE(r.passed());
  // The cases ran on the downloaded profile: China Mobile's ICCID and IMSI.
  EXPECT_NE(case_of(r, "PC-03").detail.find("ICCID 8986"), std::string::npos) << case_of(r, "PC-03").detail;
  EXPECT_NE(case_of(r, "PC-06").detail.find("PLMN 46004"), std::string::npos) << case_of(r, "PC-06").detail;
  EXPECT_NE(case_of(r, "EU-02").detail.find("EID 89086030000000000000000000000192"), std::string::npos);
}

TEST(CertificationEuicc, TooLittleMemoryFailsTheDownloadWithTheCardsRefusal) {
  CardSource s = euicc();
  // EF.EUICC_RESOURCES: 12 800 bytes for profiles, the factory profile's
  // 10 368 and not the downloaded one's.
  const std::string from = "data = 00 08 00 00 00 00 40 00";
  const std::size_t at = s.description.find(from);
  ASSERT_NE(at, std::string::npos);
  s.description.replace(at, from.size(), "data = 00 00 32 00 00 00 40 00");
  const CertificationReport r = certify(s);
  EXPECT_EQ(case_of(r, "EU-03").verdict, Verdict::Pass);  // the package's bytes fit
  EXPECT_EQ(case_of(r, "EU-05").verdict, Verdict::Fail);
  EXPECT_NE(case_of(r, "EU-05").detail.find("6A84"), std::string::npos) << case_of(r, "EU-05").detail;
  EXPECT_EQ(case_of(r, "EU-06").verdict, Verdict::NotRun);
  EXPECT_EQ(case_of(r, "EU-07").verdict, Verdict::NotRun);
  EXPECT_FALSE(r.passed());
}

TEST(CertificationEuicc, AnEidWithWrongCheckDigitsFailsItsIdentity) {
  CardSource s = euicc();
  s.eid = "89086030000000000000000000000193";
  const CertificationReport r = certify(s);
  EXPECT_EQ(case_of(r, "EU-01").verdict, Verdict::Pass);
  EXPECT_EQ(case_of(r, "EU-02").verdict, Verdict::Fail);
  EXPECT_NE(case_of(r, "EU-02").detail.find("check digits"), std::string::npos) << case_of(r, "EU-02").detail;
  EXPECT_FALSE(r.passed());
}

TEST(CertificationEuicc, APlatformThatIsNoEuiccFailsAtTheFactory) {
  CardSource s = euicc();
  s.description = read("profiles/cmcc-domestic-usim.prof");
  const CertificationReport r = certify(s);
  EXPECT_EQ(case_of(r, "EU-01").verdict, Verdict::Fail);
  EXPECT_FALSE(case_of(r, "EU-01").detail.empty());
  EXPECT_EQ(case_of(r, "EU-02").verdict, Verdict::NotRun);
  EXPECT_EQ(case_of(r, "E2E-02").verdict, Verdict::NotRun);
}

TEST(CertificationEuicc, ACorruptPackageIsNotDownloaded) {
  CardSource s = euicc();
  s.package.resize(s.package.size() / 2);
  const CertificationReport r = certify(s);
  EXPECT_EQ(case_of(r, "PC-01").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "EU-01").verdict, Verdict::NotRun);
  EXPECT_EQ(r.count(Verdict::NotRun), r.cases.size() - 1);
}

// A foreign operator's profile downloaded (China Mobile's from the
// factory): the eUICC does its part, the profile fails China Mobile's
// network cases, exactly as the package does on a card of its own.
TEST(CertificationEuicc, AForeignProfileFailsTheHomeNetworkCasesOnly) {
  const CertificationReport r = certify(euicc("profiles/saip/partner-eu.der", "profiles/saip/cmcc-m2m.der"));
  for (const CaseResult& c : r.cases) {
    if (c.id == "PC-03" || c.id == "PC-06")
      EXPECT_EQ(c.verdict, Verdict::Fail) << c.id;
    else
      EXPECT_NE(c.verdict, Verdict::Fail) << c.id << ": " << c.detail;
  }
  CertificationOptions own;
  own.home_plmns = {"26201"};
  own.iccid_prefix = "8949";
  EXPECT_TRUE(certify(euicc("profiles/saip/partner-eu.der", "profiles/saip/cmcc-m2m.der"), own).passed());
}

}  // namespace test_certification_euicc
}  // namespace twinmodels::certification
