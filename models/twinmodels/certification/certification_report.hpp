#pragma once
// What the product testing gate reports (source document §4.2-§4.3; the
// CMCC profile compatibility test and end-to-end service test of §4.1.1;
// docs/CERTIFICATION.md): one verdict per test case.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace twinmodels::certification {

enum class Verdict : std::uint8_t {
  Pass,
  Fail,
  NotApplicable,  // the case does not concern this kind of card
  NotRun,         // an earlier case the card failed left nothing to run it on
};
const char* verdict_name(Verdict v);  // "pass", "FAIL", "n/a", "not run"

struct CaseResult {
  std::string id;      // "PC-03", "E2E-02"
  std::string title;
  std::string clause;  // the specification it checks
  Verdict verdict = Verdict::NotRun;
  std::string detail;  // what was seen
};

struct CertificationReport {
  std::string card;  // what was tested: the file and its kind
  std::vector<CaseResult> cases;
  std::size_t count(Verdict v) const;
  // Certified: no case failed or was left unrun.
  bool passed() const { return count(Verdict::Fail) == 0 && count(Verdict::NotRun) == 0; }
};

}  // namespace twinmodels::certification
