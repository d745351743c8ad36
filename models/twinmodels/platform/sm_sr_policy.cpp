// ES4/ES3.UpdatePolicyRules at the SM-SR (GSMA SGP.02 Policy Rules;
// the web-service schema's request: EID, ICCID, optional POL2): the POL2
// of one profile in the EIS is replaced. POL2 is the SM-SR's own (SGP.02
// Policy Rules): nothing goes to the eUICC, the result comes at once.
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

void SmSr::update_policy_rules(Managed& m, const FunctionCall& f) {
  EisProfile* p = m.eis.by_iccid(f.iccid);
  if (f.iccid.empty() || !p) {
    fail(f, "Profile ICCID", f.iccid.empty() ? "Missing" : "Unknown");
    return;
  }
  // The profile's owner only (ours, as for ES4.SMSRChange: SGP.02 leaves
  // the requester's rights to the SM-SR's business rules); an SM-DP's ES3
  // call names the MNO it acts for.
  if (f.mno_id.empty() || f.mno_id != p->mno_id) {
    fail(f, "Function requester", "Not allowed (authorisation)",
         (f.mno_id.empty() ? std::string("no MNO named") : "MNO " + f.mno_id) + "; profile " + p->iccid +
             " is " + (p->mno_id.empty() ? std::string("no MNO's") : p->mno_id + "'s"));
    return;
  }
  if (const auto error = pol2_error(f.pol2)) {
    fail(f, "POL2", "Invalid", *error);
    return;
  }
  p->pol2 = f.pol2;
  FunctionResult r = result_of(f);
  r.message = "POL2: " + pol2_text(p->pol2);
  results_.push_back(std::move(r));
}

}  // namespace twinmodels::platform
