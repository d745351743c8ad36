#pragma once
// One ES2.DownloadProfile order carried out by the SM-DP once its checks
// passed (sm_dp.hpp): the ES3 calls to the SM-SR in the order of GSMA
// SGP.02 §3.1.1 — CreateISDP, the ES8 download (es8_download.hpp) as
// SendData, ProfileDownloadCompleted, EnableProfile when the order asks —
// and its error management: a step that fails after CreateISDP has the
// ISD-P deleted (ES3.DeleteISDP) and the order ends Failed naming the step.
// A CreateISDP or EnableProfile that expired (the SM-SR lost the PoRs: the
// card may have run it) is followed by ES3.AuditEIS first: no ISD-P for the
// ICCID — nothing to delete; the profile enabled — the order succeeded
// with a warning; otherwise the ISD-P is deleted.
// A plain state machine like Es8Download: next() gives the ES3 call to make,
// on_response() takes the SM-SR's result for it.
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/es8_download.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

// ES2.DownloadProfile's input (SGP.02 §5.3.2).
struct DownloadProfileRequest {
  std::string call_id;  // FunctionCallIdentifier
  std::string mno_id;   // the requesting operator
  std::string eid;
  std::string iccid;
  std::string profile_type;
  std::string smsr_id;
  bool enable_profile = false;
};

// What the SM-DP's checks settled for one order.
struct DownloadPlan {
  DownloadProfileRequest request;
  std::string smdp_id;
  std::optional<std::uint32_t> required_memory;  // the ISD-P's quota (ES3.CreateISDP)
  cardcore::Bytes package;                       // prepared for the ICCID
  std::string imsi;
  std::string msisdn;
  cardcore::Bytes host_challenge;
  cardcore::ecasd::OffCardKeyEstablishmentConfig key_establishment;
  // The ES8 download in its SCP03t form (SGP.02 §4.1.3.3, es8_download.hpp):
  // the SM-DP's choice for an eUICC its SM-SR reaches over HTTPS.
  bool scp03t = false;
};

class DownloadOrder {
 public:
  // How the order left its ICCID (SGP.02 says nothing of the stock; ours,
  // sm_dp.hpp): Installed; Untouched — CreateISDP was refused, no ISD-P
  // exists for it; Withheld — an ISD-P was or may have been created.
  enum class Outcome : std::uint8_t { Installed, Untouched, Withheld };

  explicit DownloadOrder(DownloadPlan plan);

  // The ES3 call to make next; nullopt while one waits and once finished.
  std::optional<FunctionCall> next();
  // The SM-SR's result of the call next() gave last; others are ignored.
  // `audited`: after an AuditEIS, the state the audited EIS gives the
  // order's ICCID (nullopt: it has no such profile).
  void on_response(const FunctionResult& r, std::optional<ProfileState> audited = std::nullopt);
  // Waiting for an AuditEIS's result (the caller reads the EIS for it).
  bool auditing() const { return step_ == Step::AuditAfterExpiry && !waiting_.empty(); }

  bool finished() const { return step_ == Step::Done; }
  // ES2.DownloadProfile's result, meaningful once finished(): Success (data:
  // the ISD-P AID; Executed-WithWarning when an audit found the expired
  // EnableProfile done), or Failed with the failed step as subject
  // (ES3.CreateISDP, ES8.EstablishISDPKeySet, ES8.DownloadAndInstallation,
  // ES3.ProfileDownloadCompleted, ES3.EnableProfile), its reason, and in the
  // message what became of the ISD-P.
  const FunctionResult& result() const { return result_; }
  Outcome outcome() const { return outcome_; }
  const DownloadPlan& plan() const { return plan_; }
  const std::string& waiting_call() const { return waiting_; }

  // Checkpoints (download_order_state.cpp has the layout): the plan but the
  // SM-DP's own part, the step, the calls made, the call in flight, the
  // ISD-P AID, the ES8 job, the failure, the result and the outcome.
  // parse_state() takes the SM-DP's part — its id, CERT.DP.ECDSA and
  // SK.DP.ECDSA, its configuration — from the caller, and throws
  // std::invalid_argument ("<kind> state: ...") for malformed input.
  void save_state(cardcore::Bytes& out) const;
  static DownloadOrder parse_state(state::Reader& r, const std::string& smdp_id,
                                   const cardcore::ecasd::Certificate& certificate,
                                   const cardcore::ecasd::PrivateKey& signing_key);

 private:
  enum class Step : std::uint8_t { CreateIsdp, AuditAfterExpiry, Download, Completed, Enable, DeleteIsdp, Done };

  FunctionCall es3(FunctionCall::Kind k);
  // The ES8 job's config for the ISD-P created (SGP.02 §3.1.2).
  Es8DownloadConfig job_config() const;
  void on_create_isdp(const FunctionResult& r);
  void on_audit(const FunctionResult& r, std::optional<ProfileState> audited);
  void conclude(std::string message, Outcome o);
  void step_failed(std::string subject, const FunctionResult& r);
  void finish(Outcome o);

  DownloadPlan plan_;
  Step step_ = Step::CreateIsdp;
  unsigned calls_ = 0;
  std::string waiting_;               // call id of the ES3 call in flight
  cardcore::Bytes isdp_aid_;
  std::optional<Es8Download> job_;
  FunctionResult failure_;            // the failed step, before the ISD-P's deletion
  FunctionResult result_;
  Outcome outcome_ = Outcome::Withheld;
};

}  // namespace twinmodels::platform
