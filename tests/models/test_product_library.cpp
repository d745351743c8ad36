// The product library (models/twinmodels/certification/product_library.hpp;
// the source document §4.2-§4.3): a certified card's entry, its JSON and
// back, a re-certification replacing the entry, a card that failed kept
// out, and every malformed library refused with what is wrong.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "twinmodels/certification/product_library.hpp"

namespace test_product_library {

namespace cert = twinmodels::certification;

cert::CertificationReport report(cert::Verdict second) {
  cert::CertificationReport r;
  r.card = "card.prof";
  r.cases = {{"PC-01", "package", "SGP.22", cert::Verdict::NotApplicable, ""},
             {"PC-02", "install", "TS 102 221", second, ""}};
  return r;
}

const std::string kDigest(64, 'a');

TEST(ProductLibrary, ACertifiedCardEntersAndReadsBackFromItsJson) {
  cert::ProductLibrary lib;
  lib.enter({"meter-card", "oem-1", "profiles/m.prof", kDigest, "0.1.0", {}}, report(cert::Verdict::Pass));
  lib.enter({"tracker-card", "oem-2", "profiles/t.prof", std::string(64, 'b'), "0.1.0", {}}, report(cert::Verdict::Pass));
  // A card that failed a case does not enter.
  EXPECT_THROW(lib.enter({"bad-card", "oem-3", "b.prof", kDigest, "0.1.0", {}}, report(cert::Verdict::Fail)),
               std::invalid_argument);
  // Certified again: the entry is replaced, in its place.
  lib.enter({"meter-card", "oem-1", "profiles/m2.prof", std::string(64, 'c'), "0.1.0", {}}, report(cert::Verdict::Pass));
  ASSERT_EQ(lib.products().size(), 2u);
  EXPECT_EQ(lib.products()[0].card, "profiles/m2.prof");
  const cert::ProductLibrary back = cert::ProductLibrary::parse(lib.to_json(), "lib.json");
  ASSERT_EQ(back.products().size(), 2u);
  const cert::ProductEntry* e = back.find("tracker-card");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->partner, "oem-2");
  EXPECT_EQ(e->sha256, std::string(64, 'b'));
  EXPECT_EQ(e->cases, (std::vector<std::pair<std::string, std::string>>{{"PC-01", "n/a"}, {"PC-02", "pass"}}));
  EXPECT_EQ(back.find("bad-card"), nullptr);
  EXPECT_EQ(back.to_json(), lib.to_json());
}

TEST(ProductLibrary, TheDigestIsSha256OfTheFile) {
  // FIPS 180-2 appendix B.1: SHA-256("abc").
  const std::uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(cert::card_digest(abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ProductLibrary, AMalformedLibraryIsRefused) {
  const std::string head = R"({"format": "esimtwin-product-library", "version": 1, "products": )";
  const std::string entry = R"({"product": "p", "partner": "o", "card": "c.prof", "sha256": ")" + kDigest +
                            R"(", "certified_with": "0.1.0", "cases": [{"id": "PC-02", "verdict": "pass"}]})";
  const std::pair<std::string, std::string> cases[] = {
      {"{not json", "lib.json: not JSON"},
      {R"({"format": "other", "version": 1, "products": []})", "not a product library"},
      {R"({"format": "esimtwin-product-library", "version": 2, "products": []})",
       "product library version 2 is not the version this esimtwin reads (1)"},
      {R"({"format": "esimtwin-product-library", "version": 1})", "\"products\" must be a list"},
      {head + R"([{"product": "p"}])" + "}", "products[0]: \"partner\" must be a non-empty text"},
      {head + "[" + entry.substr(0, entry.find(kDigest)) + "xyz" + entry.substr(entry.find(kDigest) + 64) + "]}",
       "\"sha256\" must be 64 lowercase hex digits"},
      {head + "[" + entry.substr(0, entry.find("\"pass\"")) + "\"FAIL\"" + entry.substr(entry.find("\"pass\"") + 6) + "]}",
       "case PC-02 has verdict 'FAIL': only a certified card"},
      {head + "[" + entry + ", " + entry + "]}", "products[1]: product 'p' is in the library twice"},
  };
  EXPECT_NO_THROW(cert::ProductLibrary::parse(head + "[" + entry + "]}", "lib.json"));
  for (const auto& [text, message] : cases) {
    try {
      cert::ProductLibrary::parse(text, "lib.json");
      ADD_FAILURE() << "taken: " << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

}  // namespace test_product_library
