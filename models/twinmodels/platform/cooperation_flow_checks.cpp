// The flow runner's checks of its plan and order, made once when it is made
// (cooperation_flow.hpp): each refusal names the fault.
#include "twinmodels/platform/cooperation_flow.hpp"

#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("CooperationFlow: " + what); }

// The phase a plan step belongs to: the order the runner carries them out in.
int phase_of(const std::string& function) {
  if (function == "SM-SR change request") return 0;
  if (function == "ES4.PrepareSMSRChange" || function == "ES4.SMSRChange" || function == "ES7.HandoverEUICC" ||
      function == "ES7.AuthenticateSMSR" || function == "ES7.CreateAdditionalKeySet") {
    return 1;
  }
  if (starts_with(function, "ES2.DownloadProfile")) return 2;
  if (function == "ES3.CreateISDP" || starts_with(function, "ES3.SendData") || function == "ES3.EnableProfile") return 3;
  if (function == "ES4.EnableProfile") return 4;
  return -1;
}

}  // namespace

CooperationFlow::CooperationFlow(FlowPlatforms platforms, ExportPlan plan, FlowOrder order)
    : platforms_(std::move(platforms)), plan_(std::move(plan)), order_(std::move(order)) {
  if (!platforms_.onelink) bad("no OneLink");
  const Card* card = platforms_.onelink->card(order_.card_iccid);
  if (!card) bad("OneLink lists no card '" + order_.card_iccid + "'");
  if (card->eid.empty()) bad("the card '" + order_.card_iccid + "' has no EID");
  eid_ = card->eid;
  if (order_.profile_type.empty()) bad("no profile type");
  const bool numbering = order_.chip == ChipAction::Activate || order_.chip == ChipAction::OtaWrite;
  if (order_.chip && !numbering && order_.chip != ChipAction::Deactivate) {
    bad(std::string("chip action '") + to_string(*order_.chip) + "' is not a step of a flow");
  }
  if (order_.chip && !platforms_.chips) bad("a chip action without the chip management platform");
  if (numbering && order_.pool.empty()) bad(std::string("chip action '") + to_string(*order_.chip) + "' without a number pool");
  if (order_.iccid.empty() && !numbering) {
    bad("no ICCID, and no chip step to give the chip a number");
  }
  check_plan();
  iccid_ = order_.iccid;
  // SGP.02 §2.1: the SM-DP reaches the SM-SR over ES3.
  platforms_.smdps.at(smdp_)->connect(smsr(order_smsr_));
  phase_ = new_smsr_.empty() ? Phase::ChipBefore : Phase::SwitchRequest;
}

void CooperationFlow::check_plan() {
  int last = -1;
  bool create = false, send = false;
  for (const ExportStep& s : plan_.steps) {
    const int p = phase_of(s.function);
    if (p < 0) bad("unknown step '" + s.function + "' (" + s.caller + " -> " + s.callee + ")");
    if (p < last) bad("step '" + s.function + "' out of order");
    last = p;
    if (s.function == "ES4.PrepareSMSRChange") {
      change_mno_ = s.caller;
      new_smsr_ = s.callee;
    } else if (s.function == "ES4.SMSRChange") {
      current_smsr_ = s.callee;
    } else if (p == 2) {
      order_mno_ = s.caller;
      smdp_ = s.callee;
    } else if (p == 3) {
      if (order_mno_.empty()) bad("'" + s.function + "' before ES2.DownloadProfile");
      if (s.caller != smdp_) bad("'" + s.function + "' from '" + s.caller + "', not the ordered SM-DP '" + smdp_ + "'");
      if (!order_smsr_.empty() && s.callee != order_smsr_) bad("ES3 steps to two SM-SRs");
      order_smsr_ = s.callee;
      create = create || s.function == "ES3.CreateISDP";
      send = send || starts_with(s.function, "ES3.SendData");
      enable_by_es3_ = enable_by_es3_ || s.function == "ES3.EnableProfile";
    } else if (p == 4) {
      if (!order_smsr_.empty() && s.callee != order_smsr_) bad("ES4.EnableProfile to '" + s.callee + "', not the SM-SR of the download");
      enable_mno_ = s.caller;
    }
  }
  if (smdp_.empty()) bad("no ES2.DownloadProfile step");
  if (!create || !send) bad("no ES3.CreateISDP and ES3.SendData after ES2.DownloadProfile");
  if (new_smsr_.empty() != current_smsr_.empty()) bad("an SM-SR change needs ES4.PrepareSMSRChange and ES4.SMSRChange");
  if (!new_smsr_.empty()) {
    if (!order_.new_smsr) bad("an SM-SR change without the new SM-SR's keys");
    if (order_smsr_ != new_smsr_) bad("the download goes to '" + order_smsr_ + "', not the new SM-SR '" + new_smsr_ + "'");
    smsr(current_smsr_);
    smsr(new_smsr_);
  }
  const auto dp = platforms_.smdps.find(smdp_);
  if (dp == platforms_.smdps.end() || !dp->second) bad("no SM-DP '" + smdp_ + "'");
}

SmSr& CooperationFlow::smsr(const std::string& id) {
  const auto it = platforms_.smsrs.find(id);
  if (it == platforms_.smsrs.end() || !it->second) bad("no SM-SR '" + id + "'");
  return *it->second;
}

}  // namespace twinmodels::platform
