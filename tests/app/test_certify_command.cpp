// `esimtwin certify` (app/certify_command.hpp): the verdict table and exit
// codes for the shipped cards, the JUnit XML file, and every refusal with
// exit code 2.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "esimtwin_process.hpp"

namespace test_certify_command {

using esimtwin::testing::expect_refusals;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CertifyCommand, TheDomesticCardIsCertifiedWithAJUnitFile) {
  const std::string junit = temp_path("certify-domestic.xml");
  const auto r = run_esimtwin("certify profiles/cmcc-domestic-usim.prof --junit " + junit);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("# 13 passed, 0 failed, 1 not applicable, 0 not run: CERTIFIED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E2E-07  pass     OTA number writing"), std::string::npos) << r.out;
  std::ifstream in(junit);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("tests=\"14\" failures=\"0\" errors=\"0\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(occurrences(xml, "<testcase "), 14u);
  EXPECT_EQ(occurrences(xml, "<failure "), 0u);
}

TEST(CertifyCommand, APartnerPackageIsNotCertifiedUnlessItsNetworkIsAskedFor) {
  const std::string junit = temp_path("certify-partner.xml");
  auto r = run_esimtwin("certify profiles/saip/partner-eu.der --junit " + junit);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("PC-06   FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NOT CERTIFIED"), std::string::npos) << r.out;
  std::ifstream in(junit);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(occurrences(xml, "<failure "), 2u) << xml;
  r = run_esimtwin("certify profiles/saip/partner-eu.der --plmn 26201 --iccid-prefix 8949");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CertifyCommand, ACorruptPackageIsNotCertified) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/saip/cmcc-m2m.der", std::ios::binary);
  std::string der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  der.resize(der.size() - 7);
  const std::string path = temp_path("truncated.der");
  std::ofstream(path, std::ios::binary) << der;
  const auto r = run_esimtwin("certify " + path);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("PC-01   FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("13 not run"), std::string::npos) << r.out;
}

// The product library (source document §4.2-§4.3): a certified card enters
// it, a card that fails stays out, and a run deploys a population only
// with a card of the library, the very file certified.
TEST(CertifyCommand, OnlyACertifiedCardEntersTheLibraryAndOnlyALibraryProductDeploys) {
  const std::string lib = temp_path("library.json");
  auto r = run_esimtwin("certify profiles/cmcc-domestic-usim.prof --library " + lib +
                        " --product meter-card --partner module-maker-1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("# entered in the product library " + lib + " as meter-card"), std::string::npos) << r.out;
  r = run_esimtwin("certify profiles/saip/partner-eu.der --library " + lib + " --product eu-card");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("# not entered in the product library " + lib), std::string::npos) << r.out;
  const std::string json = text_of(lib);
  EXPECT_NE(json.find("\"product\": \"meter-card\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"partner\": \"module-maker-1\""), std::string::npos) << json;
  EXPECT_EQ(json.find("eu-card"), std::string::npos) << json;
  EXPECT_EQ(occurrences(json, "\"verdict\""), 14u) << json;
  // A second certification of the product replaces its entry.
  r = run_esimtwin("certify profiles/cmcc-domestic-usim.prof --library " + lib + " --product meter-card");
  EXPECT_NE(r.out.find("# entered again"), std::string::npos) << r.out;

  const std::string scenario = "general: {name: gate, seed: 3, stop: 10min}\n"
                               "populations:\n"
                               "  - {name: meters, count: 5, start: {profile: uniform, at: 0s, over: 1min}, "
                               "activity: {period: 1h, jitter: 1min}, product: {library: " + lib + ", name: ";
  const std::string out = temp_path("gate.h5");
  r = run_esimtwin("run " + esimtwin::testing::write_temp("gate-ok.yaml", scenario + "meter-card}}\n") +
                   " --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run_esimtwin("run " + esimtwin::testing::write_temp("gate-eu.yaml", scenario + "eu-card}}\n") + " -o " + out);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("populations[0].product.name: product 'eu-card' is not in the product library"),
            std::string::npos) << r.out;
  // Another card file under the certified product's name: refused.
  const std::string changed = text_of(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof") +
                              "\n# changed after its certification\n";
  const std::string card = esimtwin::testing::write_temp("changed.prof", changed);
  r = run_esimtwin("run " + esimtwin::testing::write_temp("gate-changed.yaml", scenario + "meter-card}, profile: " +
                                                          card + "}\n") + " -o " + out);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("is not the card certified as product 'meter-card'"), std::string::npos) << r.out;
}

// An import card (§4.1.1): the eUICC platform, made with the foreign
// operator's profile, China Mobile's downloaded into it; certified, it
// enters the library, and a run deploys its international population only
// as that product, with the very platform file certified.
TEST(CertifyCommand, AnImportEuiccIsCertifiedAndDeploysAsALibraryProduct) {
  const std::string lib = temp_path("euicc-library.json");
  const std::string xml = temp_path("euicc.xml");
  auto r = run_esimtwin("certify profiles/euicc-platform.prof --factory-profile profiles/saip/partner-eu.der "
                        "--download profiles/saip/cmcc-m2m.der --junit " + xml + " --library " + lib +
                        " --product import-tracker --partner card-vendor-eu");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("(SGP.02 eUICC)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# 18 passed, 0 failed, 3 not applicable, 0 not run: CERTIFIED"), std::string::npos) << r.out;
  const std::string junit = text_of(xml);
  EXPECT_EQ(occurrences(junit, "classname=\"euicc-function\""), 7u) << junit;

  const std::string scenario = "general: {name: gate, seed: 3, stop: 10min}\n"
                               "populations:\n"
                               "  - {name: trackers, count: 4, card: international, device_model: modem, euicc: {profiles: [{operator: CMCC, "
                               "imsi_prefix: \"46000\", state: enabled, fallback: true}], platform: ";
  const std::string tail = "}, start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 1h, jitter: 1min}, "
                           "product: {library: " + lib + ", name: import-tracker}}\n";
  r = run_esimtwin("run " + esimtwin::testing::write_temp("gate-euicc.yaml", scenario + "profiles/euicc-platform.prof" + tail) +
                   " --no-progress -o " + temp_path("gate-euicc.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // Another platform file under the product's name: refused.
  const std::string changed = esimtwin::testing::write_temp(
      "changed-platform.prof", text_of(ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof") + "\n# changed\n");
  r = run_esimtwin("run " + esimtwin::testing::write_temp("gate-euicc-changed.yaml", scenario + changed + tail) + " -o " +
                   temp_path("gate-euicc.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("eUICC platform " + changed + " is not the card certified as product 'import-tracker'"),
            std::string::npos) << r.out;
}

TEST(CertifyCommand, BadInputIsRefused) {
  expect_refusals({
      {"certify /nonexistent/card.prof", "esimtwin certify: cannot read /nonexistent/card.prof"},
      {"certify profiles/saip/cmcc-m2m.der --iccid 898604000000000001 --imsi 460040000000001 --k "
       "000102030405060708090a0b0c0d0e0f --opc 000102030405060708090a0b0c0d0e0f",
       "a profile package carries its own ICCID, IMSI and keys"},
      {"certify profiles/cmcc-domestic-usim.prof --iccid 898604000000000001 --imsi 460040000000001 --k 0001",
       "personalization: --opc or --op is required with --iccid"},
      {"certify profiles/cmcc-domestic-usim.prof --plmn 4600x", "--plmn 4600x: not an MCC and MNC of 5 or 6 digits"},
      {"certify profiles/cmcc-domestic-usim.prof --junit /nonexistent/dir/x.xml", "cannot write /nonexistent/dir/x.xml"},
      {"certify", "card is required"},
      {"certify profiles/cmcc-domestic-usim.prof --library x.json", "--library and --product go together"},
      {"certify profiles/cmcc-domestic-usim.prof --library " ESIMTWIN_SOURCE_DIR "/scenarios/smoke.yaml --product p",
       "smoke.yaml: not JSON"},
      {"certify profiles/cmcc-domestic-usim.prof --library /nonexistent/dir/lib.json --product p",
       "cannot write /nonexistent/dir/lib.json"},
      {"certify profiles/euicc-platform.prof --download profiles/saip/cmcc-m2m.der",
       "--factory-profile and --download go together"},
      {"certify profiles/saip/cmcc-m2m.der --factory-profile profiles/saip/partner-eu.der --download "
       "profiles/saip/cmcc-m2m.der",
       "must be an eUICC's platform description (.prof)"},
      {"certify profiles/euicc-platform.prof --factory-profile /nonexistent/f.der --download profiles/saip/cmcc-m2m.der",
       "cannot read /nonexistent/f.der"},
      {"certify profiles/euicc-platform.prof --factory-profile profiles/saip/partner-eu.der --download "
       "profiles/saip/cmcc-m2m.der --eid 8908603",
       "--eid 8908603: not 32 digits"},
      {"certify profiles/cmcc-domestic-usim.prof --eid 89086030000000000000000000000192",
       "--eid is an eUICC's"},
  });
}

}  // namespace test_certify_command
