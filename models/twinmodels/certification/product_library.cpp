#include "twinmodels/certification/product_library.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "cardcore/ecasd/sha256.hpp"

namespace twinmodels::certification {

namespace {

constexpr const char* kFormat = "esimtwin-product-library";
constexpr int kVersion = 1;

bool is_digest(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::string card_digest(cardcore::ByteView file) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : cardcore::ecasd::sha256(file)) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

std::string card_digest(const std::string& file_bytes) {
  return card_digest(cardcore::ByteView(reinterpret_cast<const std::uint8_t*>(file_bytes.data()), file_bytes.size()));
}

ProductLibrary ProductLibrary::parse(const std::string& json_text, const std::string& source) {
  const std::string where = source + ": ";
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(where + "not JSON (" + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", "") != kFormat)
    throw std::invalid_argument(where + "not a product library (no \"format\": \"" + kFormat + "\")");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != kVersion)
    throw std::invalid_argument(where + "product library version " + (j.contains("version") ? j["version"].dump() : "none") +
                                " is not the version this esimtwin reads (" + std::to_string(kVersion) + ")");
  if (!j.contains("products") || !j["products"].is_array())
    throw std::invalid_argument(where + "\"products\" must be a list");
  ProductLibrary lib;
  for (std::size_t i = 0; i < j["products"].size(); ++i) {
    const nlohmann::json& p = j["products"][i];
    const std::string at = where + "products[" + std::to_string(i) + "]: ";
    auto text = [&](const char* key) {
      if (!p.is_object() || !p.contains(key) || !p[key].is_string() || p[key].get<std::string>().empty())
        throw std::invalid_argument(at + "\"" + key + "\" must be a non-empty text");
      return p[key].get<std::string>();
    };
    ProductEntry e{text("product"), text("partner"), text("card"), text("sha256"), text("certified_with"), {}};
    if (!is_digest(e.sha256)) throw std::invalid_argument(at + "\"sha256\" must be 64 lowercase hex digits");
    if (!p.contains("cases") || !p["cases"].is_array() || p["cases"].empty())
      throw std::invalid_argument(at + "\"cases\" must be a list of the certification's verdicts");
    for (const nlohmann::json& c : p["cases"]) {
      if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("verdict") ||
          !c["verdict"].is_string())
        throw std::invalid_argument(at + "each case needs an \"id\" and a \"verdict\"");
      const std::string verdict = c["verdict"].get<std::string>();
      if (verdict != verdict_name(Verdict::Pass) && verdict != verdict_name(Verdict::NotApplicable))
        throw std::invalid_argument(at + "case " + c["id"].get<std::string>() + " has verdict '" + verdict +
                                    "': only a certified card (each case pass or n/a) is in the library");
      e.cases.emplace_back(c["id"].get<std::string>(), verdict);
    }
    if (lib.find(e.product)) throw std::invalid_argument(at + "product '" + e.product + "' is in the library twice");
    lib.products_.push_back(std::move(e));
  }
  return lib;
}

std::string ProductLibrary::to_json() const {
  nlohmann::ordered_json products = nlohmann::ordered_json::array();
  for (const ProductEntry& e : products_) {
    nlohmann::ordered_json cases = nlohmann::ordered_json::array();
    for (const auto& [id, verdict] : e.cases) cases.push_back(nlohmann::ordered_json{{"id", id}, {"verdict", verdict}});
    products.push_back(nlohmann::ordered_json{{"product", e.product},
                        {"partner", e.partner},
                        {"card", e.card},
                        {"sha256", e.sha256},
                        {"certified_with", e.certified_with},
                        {"cases", std::move(cases)}});
  }
  const nlohmann::ordered_json out = {{"format", kFormat}, {"version", kVersion}, {"products", products}};
  return out.dump(2) + "\n";
}

void ProductLibrary::enter(ProductEntry entry, const CertificationReport& report) {
  if (!report.passed()) throw std::invalid_argument("product " + entry.product + ": not certified, not entered");
  if (entry.product.empty()) throw std::invalid_argument("a product needs a name");
  entry.cases.clear();
  for (const CaseResult& c : report.cases) entry.cases.emplace_back(c.id, verdict_name(c.verdict));
  const auto it = std::find_if(products_.begin(), products_.end(),
                               [&](const ProductEntry& e) { return e.product == entry.product; });
  if (it != products_.end()) {
    *it = std::move(entry);
    return;
  }
  products_.push_back(std::move(entry));
}

const ProductEntry* ProductLibrary::find(const std::string& product) const {
  const auto it = std::find_if(products_.begin(), products_.end(),
                               [&](const ProductEntry& e) { return e.product == product; });
  return it == products_.end() ? nullptr : &*it;
}

}  // namespace twinmodels::certification
