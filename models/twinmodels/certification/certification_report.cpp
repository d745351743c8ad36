#include "twinmodels/certification/certification_report.hpp"

#include <algorithm>

namespace twinmodels::certification {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "FAIL";
    case Verdict::NotApplicable: return "n/a";
    case Verdict::NotRun: return "not run";
  }
  return "?";
}

std::size_t CertificationReport::count(Verdict v) const {
  return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [v](const CaseResult& c) { return c.verdict == v; }));
}

}  // namespace twinmodels::certification
