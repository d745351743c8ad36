#pragma once
// What the product testing gate's tests share: the shipped card files and
// a report's verdicts by case id.
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>

#include "twinmodels/certification/certify.hpp"

namespace twinmodels::certification::testing {

inline std::string read(const std::string& path) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/" + path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::map<std::string, Verdict> verdicts(const CertificationReport& r) {
  std::map<std::string, Verdict> v;
  for (const CaseResult& c : r.cases) v[c.id] = c.verdict;
  return v;
}

inline const CaseResult& case_of(const CertificationReport& r, const std::string& id) {
  for (const CaseResult& c : r.cases)
    if (c.id == id) return c;
  throw std::out_of_range(id);
}

}  // namespace twinmodels::certification::testing
