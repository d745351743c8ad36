// The product testing gate (twinmodels::certification, docs/CERTIFICATION.md)
// against the shipped cards: the domestic profile and the CMCC package are
// certified; the partner operator's package fails exactly the home-network
// cases unless its own PLMN and issuer are asked for; a corrupt package, a
// broken profile, a card without OTA key sets and a card personalized for
// another network each fail the cases they must.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "cardcore/usim/identifiers.hpp"
#include "certification_cards.hpp"
#include "twinmodels/certification/certify.hpp"

namespace twinmodels::certification {
namespace test_certification {

using testing::case_of;
using testing::read;
using testing::verdicts;

CardSource description(const std::string& text) {
  CardSource s;
  s.name = "cmcc-domestic-usim.prof";
  s.description = text;
  return s;
}

// The domestic profile personalized with this ICCID and IMSI (and keys of the test's).
CardSource personalized(const std::string& iccid, const std::string& imsi) {
  CardSource s = description(read("profiles/cmcc-domestic-usim.prof"));
  s.personalization = cardcore::Personalization{iccid, imsi, cardcore::from_hex("000102030405060708090a0b0c0d0e0f"),
                                                cardcore::from_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")};
  return s;
}

CardSource package(const std::string& path) {
  CardSource s;
  s.kind = CardSource::Kind::ProfilePackage;
  s.name = path;
  const std::string der = read(path);
  s.package.assign(der.begin(), der.end());
  return s;
}


TEST(Certification, TheDomesticCardIsCertified) {
  const CertificationReport r = certify(description(read("profiles/cmcc-domestic-usim.prof")));
  ASSERT_EQ(r.cases.size(), 14u);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.count(Verdict::Pass), 13u);
  EXPECT_EQ(case_of(r, "PC-01").verdict, Verdict::NotApplicable);  // not a package
  EXPECT_EQ(case_of(r, "PC-06").detail, "IMSI 460040123456789, PLMN 46004");
  // The domestic card's own: the GSM context and the OTA number write.
  EXPECT_EQ(case_of(r, "E2E-03").verdict, Verdict::Pass);
  EXPECT_EQ(case_of(r, "E2E-07").verdict, Verdict::Pass) << case_of(r, "E2E-07").detail;
}

TEST(Certification, APersonalizedCardIsTestedWithItsOwnValues) {
  const CertificationReport r = certify(personalized("898600000000000042", "460001234567890"));
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(case_of(r, "PC-03").detail,
            "ICCID 898600000000000042" + std::string(1, cardcore::luhn_digit("898600000000000042")));
  EXPECT_EQ(case_of(r, "PC-06").detail, "IMSI 460001234567890, PLMN 46000");
}

TEST(Certification, TheChinaMobilePackageIsCertified) {
  const CertificationReport r = certify(package("profiles/saip/cmcc-m2m.der"));
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(case_of(r, "PC-01").verdict, Verdict::Pass);
  // An international card's profile: no write-card applet.
  EXPECT_EQ(case_of(r, "E2E-07").verdict, Verdict::NotApplicable);
}

TEST(Certification, APartnerPackageFailsTheHomeNetworkCasesOnly) {
  const CertificationReport r = certify(package("profiles/saip/partner-eu.der"));
  EXPECT_FALSE(r.passed());
  for (const auto& [id, v] : verdicts(r)) {
    if (id == "PC-03" || id == "PC-06")
      EXPECT_EQ(v, Verdict::Fail) << id;
    else
      EXPECT_NE(v, Verdict::Fail) << id << ": " << case_of(r, id).detail;
  }
  EXPECT_NE(case_of(r, "PC-06").detail.find("PLMN 26201"), std::string::npos);
  // Its own operator's gate takes it.
  CertificationOptions own;
  own.home_plmns = {"26201"};
  own.iccid_prefix = "8949";
  EXPECT_TRUE(certify(package("profiles/saip/partner-eu.der"), own).passed());
}

TEST(Certification, ACorruptPackageFailsItsFirstCaseAndStops) {
  CardSource s = package("profiles/saip/cmcc-m2m.der");
  s.package.resize(s.package.size() / 2);
  const CertificationReport r = certify(s);
  EXPECT_EQ(case_of(r, "PC-01").verdict, Verdict::Fail);
  EXPECT_NE(case_of(r, "PC-01").detail.find("at byte"), std::string::npos) << case_of(r, "PC-01").detail;
  for (std::size_t i = 1; i < r.cases.size(); ++i) EXPECT_EQ(r.cases[i].verdict, Verdict::NotRun) << r.cases[i].id;
  EXPECT_FALSE(r.passed());
}

TEST(Certification, ABrokenProfileFailsToInstall) {
  const CertificationReport r = certify(description("[profile]\nname = x\nthis is not a profile\n"));
  EXPECT_EQ(case_of(r, "PC-02").verdict, Verdict::Fail);
  EXPECT_FALSE(case_of(r, "PC-02").detail.empty());
  EXPECT_EQ(case_of(r, "E2E-02").verdict, Verdict::NotRun);
}

TEST(Certification, ACardWithoutOtaKeySetsFailsRemoteManagement) {
  std::string text = read("profiles/cmcc-domestic-usim.prof");
  // Without the [ota] section the card has no OTA receiving entity.
  const std::size_t at = text.find("\n[ota]\n");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = text.find("\n[", at + 1);
  text.erase(at, end - at);
  const CertificationReport r = certify(description(text));
  EXPECT_EQ(case_of(r, "PC-07").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "E2E-05").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "E2E-06").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "E2E-02").verdict, Verdict::Pass);  // the network side is unaffected
}

TEST(Certification, ACardOfAnotherNetworkFailsTheCompatibilityCases) {
  const CertificationReport r = certify(personalized("894901000000000042", "262011234567890"));
  EXPECT_EQ(case_of(r, "PC-03").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "PC-06").verdict, Verdict::Fail);
  EXPECT_EQ(case_of(r, "E2E-02").verdict, Verdict::Pass);
}

}  // namespace test_certification
}  // namespace twinmodels::certification
