#pragma once
// Carries out one cooperation plan (cooperation.hpp: export_plans(),
// import_plan()) for one card on the platform objects themselves, step by
// step in the plan's order (the source document §4.1.6, §2.2):
//   1. OneLink's SM-SR switch request (plans with an SM-SR change);
//   2. the SM-SR change (SGP.02 §3.8): ES4.PrepareSMSRChange,
//      ES4.SMSRChange, ES7.HandoverEUICC, the ES7 key establishment carried
//      by the current SM-SR, FinaliseISDRhandover and
//      UpdateConnectivityParameters (smsr_handover.hpp); OneLink takes the
//      ES4.SMSRChange result;
//   3. the chip management platform before the download, when the chip
//      gets its number there: Activate (import), OtaWrite (delegated); the
//      SM-DP then installs the subscription of that number;
//   4. OneLink's profile download request, then the operator's
//      ES2.DownloadProfile to the SM-DP (SGP.02 §5.3.2: its stock, checks,
//      certificate chain, CreateISDP, the ES8 download, ProfileDownloadCompleted,
//      ES3.EnableProfile when the plan has it: sm_dp.hpp);
//   5. ES4.EnableProfile by the operator when the plan has it;
//   6. OneLink takes the download's result;
//   7. the chip management platform after it: Deactivate (export: the home
//      operator's number leaves with the chip).
// Every call's result becomes a line of the trace (flow_trace.hpp).
//
// A failed step stops the flow (state Failed, failed_step(), failure());
// OneLink's open request takes the failure's result. Nothing further is
// called, and nothing already done is undone by the flow:
//   - SM-SR change refused or failed: SmSrHandover's own clean-up — the
//     eUICC stays with the current SM-SR, its key set and EIS as they were
//     (a partial new key set deleted); the switch request Failed.
//   - ES2 order refused, or failed after CreateISDP: the SM-DP's error
//     management (ISD-P deleted, the ICCID available or withheld); the
//     eUICC stays with the SM-SR it has now (after an SM-SR change, the new
//     one), on the profile it ran; the download request Failed; the chip
//     keeps the number the chip step gave it.
//   - ES4.EnableProfile refused: the profile stays installed, disabled (the
//     ES2 order succeeded: the ICCID is Installed); the download request
//     Failed.
//   - A chip management step refused: the platforms keep what they did;
//     before the download no download request is opened.
// What the SMS leave to the SM-SRs is theirs too: a PoR lost, the SM-SR
// sends the script again (a new counter) up to its attempts, then answers
// Expired, and the step's owner (SmSrHandover, the SM-DP) settles it as its
// error management says (the change fails with its clean-up; the SM-DP
// audits, deletes the ISD-P, withholds the ICCID).
//
// Driven like the other platform models (no clock, no threads): poll()
// reads the SM-SRs' results and makes the calls that can be made now; the
// caller then carries every SM-SR's SMS to the device (and its reports
// back) and polls again, until finished(). An ES7 SendData of the SM-SR
// change (SGP.02 §5.7) is on its way from the new SM-SR to the current one
// until the next poll(); meanwhile the caller may say the current SM-SR is
// unreachable (es7_unreachable()): the change fails Expired, the eUICC
// stays with the current SM-SR, OneLink's switch request Failed.
//
// The operator's retry after a failed download (the SM-SR change done, the
// ICCID returned to stock: SmDp::return_to_stock()) is a new flow for the
// same card on download_part() of the plan (cooperation.hpp). Several
// cards in one order run as a batch (cooperation_batch.hpp): a flow per
// card, the platforms' results handed to each by the batch.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/platform/cooperation.hpp"
#include "twinmodels/platform/flow_trace.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/onelink.hpp"
#include "twinmodels/platform/sm_dp.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/smsr_handover.hpp"

namespace twinmodels::platform {


// The new SM-SR's key establishment for the SM-SR change (smsr_handover.hpp).
struct NewSmSrKeys {
  cardcore::ecasd::Certificate certificate;   // CERT.SR.ECDSA
  cardcore::ecasd::PrivateKey signing_key;    // SK.SR.ECDSA
  cardcore::ecasd::PrivateKey ephemeral_key;  // eSK.SR.ECKA
  std::uint8_t key_version = 2;
  ota::OtaCardConfig link;                    // SPI, originator of the new link
};

// The platforms of the plan, by the names its steps give (an SM-SR's or
// SM-DP's id is its name in the platform graph).
struct FlowPlatforms {
  std::map<std::string, SmSr*, std::less<>> smsrs;
  std::map<std::string, SmDp*, std::less<>> smdps;
  OneLink* onelink = nullptr;
  ChipRegistry* chips = nullptr;  // with a chip action
};

struct FlowOrder {
  std::string card_iccid;    // the card as OneLink lists it (its EID is the eUICC's)
  std::string profile_type;  // the SM-DP's profile type
  std::string iccid;         // the ICCID ordered; empty: the SM-DP's subscription of the number the chip step gave
  std::optional<NewSmSrKeys> new_smsr;  // plans with an SM-SR change
  // The chip management platform's step (the source document §3.2.3; where
  // it sits in the flow is ours): Activate or OtaWrite before the ES2 order
  // (the chip's new number: import, delegated), Deactivate once the new
  // profile runs (export: the home operator's number into quarantine);
  // none without one.
  std::optional<ChipAction> chip;
  std::string pool;          // Activate, OtaWrite: the number pool
  Party chip_operator{Role::Operator, "CMCC"};
};

enum class FlowState : std::uint8_t { Running, Done, Failed };

// A call the flow made and waits for the answer to.
struct FlowCall {
  std::string smsr;       // the SM-SR it goes to (ES4, ES5, ES3; ES7: the current SM-SR)
  FunctionCall call;
  bool delivered = true;  // false: an ES7 SendData still on its way to the current SM-SR
};

const char* to_string(FlowState s);

class CooperationFlow {
 public:
  // Checks the plan and connects its SM-DP to the SM-SR it calls (ES3).
  // Throws std::invalid_argument naming the fault: a step function the
  // runner does not know, steps out of the order it runs them in, no
  // ES2.DownloadProfile or no ES3.CreateISDP / ES3.SendData after it, an
  // SM-SR change without new_smsr, a platform of the plan not given, no
  // OneLink, a card OneLink does not list or without EID, no profile type,
  // a chip action without the chip management platform or pool.
  CooperationFlow(FlowPlatforms platforms, ExportPlan plan, FlowOrder order);

  // Takes the results the plan's SM-SRs have, then makes every call that
  // can be made now. `now_ms`: the caller's time, for the trace and OneLink.
  void poll(std::int64_t now_ms);

  // SGP.02 §5.7: the current SM-SR did not answer the ES7 SendData on its
  // way (call_in_flight() not delivered): it could not be reached. The key
  // establishment ends Expired (SmSrHandover::on_unreachable()), the flow
  // Failed at ES4.SMSRChange with the change's clean-up. False, and nothing
  // done, when no ES7 call is on its way.
  bool es7_unreachable(std::int64_t now_ms);

  // The call the flow waits for; null when none.
  const FlowCall* call_in_flight() const { return pending_ ? &pending_->out : nullptr; }
  FlowState state() const { return state_; }
  bool finished() const { return state_ != FlowState::Running; }
  // Failed: the plan step (or chip / OneLink function) it stopped at, and
  // the failed call's result.
  const std::string& failed_step() const { return failed_step_; }
  const FunctionResult& failure() const { return failure_; }
  const std::vector<FlowTraceLine>& trace() const { return trace_; }
  const ExportPlan& plan() const { return plan_; }
  // OneLink's request ids (empty until made).
  const std::string& switch_request() const { return switch_id_; }
  const std::string& download_request() const { return download_id_; }
  // The ICCID ordered from the SM-DP (known once the chip step ran).
  const std::string& iccid() const { return iccid_; }
  // ES2.DownloadProfile's result, once the SM-DP gave it.
  const std::optional<FunctionResult>& download_result() const { return es2_result_; }
  // Results of the plan's SM-SRs and SM-DP for calls that were not the
  // flow's (other parties'), oldest first.
  std::vector<FunctionResult> take_other_results();
  // The card's eUICC.
  const std::string& eid() const { return eid_; }
  // Where the flow is (the steps of the header's list): "switch-request",
  // "handover", "chip-before", "download-request", "order", "enable",
  // "report", "chip-after", "done"; a failed flow stays at the phase it
  // failed in.
  const char* phase() const;

 private:
  friend class CooperationBatch;
  enum class Phase : std::uint8_t { SwitchRequest, Handover, ChipBefore, DownloadRequest, Order, Enable, Report, ChipAfter, Done };
  // In a batch: the SM-SRs' and the SM-DP's results and the SM-DP's ES3
  // calls for this card, handed over by the batch, which takes them from
  // the platforms (cooperation_batch.cpp); null: the flow takes them itself.
  struct Routed {
    std::vector<FunctionResult> smsr, smdp;
    std::deque<Es3Call> es3;
  };
  // Takes a result of an SM-SR if it answers the call the flow waits for.
  bool take_smsr_result(const FunctionResult& r);
  // Makes every call that can be made now.
  void advance_all();
  struct Pending {
    FlowCall out;
    std::string caller, callee;  // for the trace
  };

  void check_plan();
  bool advance();
  bool run_handover();
  void handover_finished();
  bool chip_step();
  bool request_download();
  bool run_order();
  bool run_enable();
  void on_result(const FunctionResult& r);
  void record(std::string caller, std::string callee, FunctionResult r);
  void report(const std::string& request_id, ForeignRequestKind kind, const std::string& platform, FunctionResult r);
  void fail(std::string step, const FunctionResult& r);
  SmSr& smsr(const std::string& id);

  FlowPlatforms platforms_;
  ExportPlan plan_;
  FlowOrder order_;
  std::string eid_;
  // Who calls whom, read off the plan.
  std::string change_mno_, current_smsr_, new_smsr_;  // empty without an SM-SR change
  std::string order_mno_, smdp_, order_smsr_;
  bool enable_by_es3_ = false;
  std::string enable_mno_;  // ES4.EnableProfile's caller; empty without it

  Phase phase_ = Phase::SwitchRequest;
  FlowState state_ = FlowState::Running;
  std::int64_t now_ = 0;
  std::optional<Pending> pending_;
  std::optional<SmSrHandover> handover_;
  bool ordered_ = false;
  std::string switch_id_, download_id_, iccid_;
  std::optional<FunctionResult> es2_result_;
  std::string failed_step_;
  FunctionResult failure_;
  std::vector<FlowTraceLine> trace_;
  std::vector<FunctionResult> others_;
  Routed* routed_ = nullptr;
};

}  // namespace twinmodels::platform
