#pragma once
// (internal) The test cases of the profile compatibility test (PC-*) and
// of the end-to-end service test (E2E-*): each sets its verdict and what
// it saw (docs/CERTIFICATION.md lists them).
#include "twinmodels/certification/lab.hpp"

namespace twinmodels::certification {

using CaseFunction = void (*)(Lab&, CaseResult&);

void pc_package_rules(Lab& lab, CaseResult& r);
void pc_installs(Lab& lab, CaseResult& r);
void pc_atr_and_iccid(Lab& lab, CaseResult& r);
void pc_usim_application(Lab& lab, CaseResult& r);
void pc_mandatory_files(Lab& lab, CaseResult& r);
void pc_home_network(Lab& lab, CaseResult& r);
void pc_ota_key_sets(Lab& lab, CaseResult& r);

// The eUICC function test (euicc_cases.cpp), an eUICC under test only.
void eu_factory(Lab& lab, CaseResult& r);
void eu_identity(Lab& lab, CaseResult& r);
void eu_capability_audit(Lab& lab, CaseResult& r);
void eu_create_isdp(Lab& lab, CaseResult& r);
void eu_download(Lab& lab, CaseResult& r);
void eu_enable(Lab& lab, CaseResult& r);
void eu_disable_and_delete(Lab& lab, CaseResult& r);

void e2e_terminal_profile(Lab& lab, CaseResult& r);
void e2e_eps_aka(Lab& lab, CaseResult& r);
void e2e_gsm_context(Lab& lab, CaseResult& r);
void e2e_replay_and_resync(Lab& lab, CaseResult& r);
void e2e_rfm_over_sms_pp(Lab& lab, CaseResult& r);
void e2e_ota_counter_replay(Lab& lab, CaseResult& r);
void e2e_ota_number_write(Lab& lab, CaseResult& r);

inline void pass(CaseResult& r, std::string detail) {
  r.verdict = Verdict::Pass;
  r.detail = std::move(detail);
}
inline void fail(CaseResult& r, std::string detail) {
  r.verdict = Verdict::Fail;
  r.detail = std::move(detail);
}
inline void not_applicable(CaseResult& r, std::string detail) {
  r.verdict = Verdict::NotApplicable;
  r.detail = std::move(detail);
}

}  // namespace twinmodels::certification
