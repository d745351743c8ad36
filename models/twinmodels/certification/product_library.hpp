#pragma once
// The eSIM product library (中国移动物联网联盟 eSIM 产品库, the source
// document §4.2-§4.3): the products that passed China Mobile's product
// testing enter it, and a product in it may be deployed (docs/
// CERTIFICATION.md, "The product library"). In the twin the testing is
// `esimtwin certify`; a certified card model enters the library under its
// product name with the SHA-256 of its file, so a later change of the card
// is seen; a run's population can require its card to be a product of the
// library (populations[i].product).
//
// The library is a JSON file: {"format": "esimtwin-product-library",
// "version": 1, "products": [{"product", "partner", "card", "sha256",
// "certified_with", "cases": [{"id", "verdict"}]}]}, products in the order
// they entered.
#include <string>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/certification/certification_report.hpp"

namespace twinmodels::certification {

struct ProductEntry {
  std::string product;         // its name in the library
  std::string partner;         // who submitted it (§4.2: the terminal or module partner)
  std::string card;            // the card file certified, as named
  std::string sha256;          // of the card file, 64 lowercase hex digits
  std::string certified_with;  // the version of esimtwin that certified it
  std::vector<std::pair<std::string, std::string>> cases;  // (id, verdict name), in the report's order
};

class ProductLibrary {
 public:
  // Throws std::invalid_argument naming `source` and what is wrong.
  static ProductLibrary parse(const std::string& json_text, const std::string& source);
  std::string to_json() const;

  // A certified card's entry: the report must have passed (throws
  // std::invalid_argument otherwise). An entry of the same product name is
  // replaced (a re-certification); a new one goes last.
  void enter(ProductEntry entry, const CertificationReport& report);
  const ProductEntry* find(const std::string& product) const;
  const std::vector<ProductEntry>& products() const { return products_; }

 private:
  std::vector<ProductEntry> products_;
};

// SHA-256 of a card file's bytes as 64 lowercase hex digits.
std::string card_digest(cardcore::ByteView file);
std::string card_digest(const std::string& file_bytes);

}  // namespace twinmodels::certification
