#pragma once
// The SM-DP as a platform (GSMA SGP.02 §2.1, §3.1): it takes an operator's
// ES2.DownloadProfile order (§5.3.2) and carries it out end to end over ES3
// with the SM-SR that manages the eUICC; its other ES2 functions relay the
// matching ES3 call (sm_dp_es2.cpp, es2_relay.hpp), and it passes the
// SM-SR's ES3 notifications on to the MNOs over ES2.
//
//  - Its profile types: the generic profiles of profile_preparation.hpp,
//    each with the memory an ISD-P needs for it (ES3.CreateISDP's quota).
//  - The operators' subscription stock (subscription_stock.hpp): ICCID,
//    IMSI, K, OPc and MSISDN per profile type, loaded by the operator.
//  - The checks before a job (sm_dp_checks.cpp): the order's fields, the
//    SM-SR, the profile type and its owner, the ICCID in stock, ES3.GetEIS
//    (the eUICC is the SM-SR's, and has the room when the EIS says how much
//    it has), and the chain of the eUICC's CERT.ECASD.ECKA to the CI
//    through its EUM's certificate. A refusal is an ES2 result at once; no
//    ES3 call is made and the ICCID stays available.
//  - The job (download_order.hpp): CreateISDP, the ES8 download by
//    SendData, ProfileDownloadCompleted, EnableProfile when asked; a failed
//    step after CreateISDP has the ISD-P deleted (ES3.DeleteISDP) and the
//    order ends Failed naming the step.
//
// The ICCID after a failed order (ours: SGP.02 leaves the MNO's stock to
// the MNO): refused before CreateISDP, or CreateISDP refused — the ICCID is
// available again (no ISD-P exists for it); any later failure — it is
// withheld (the eUICC saw it, or may have), until the operator returns it
// to stock (return_to_stock()).
//
// Driven by its caller like the other platform models (no clock, no
// threads): next() gives an ES3 call and the SM-SR it goes to, the caller
// hands it to that SmSr and gives the SmSr's result back (on_response()).
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/download_order.hpp"
#include "twinmodels/platform/es2_relay.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/platform_notification.hpp"
#include "twinmodels/platform/profile_preparation.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/subscription_stock.hpp"

namespace twinmodels::platform {

struct SmDpConfig {
  std::string id = "SM-DP";
  cardcore::ecasd::Certificate certificate;  // CERT.DP.ECDSA
  cardcore::ecasd::PrivateKey signing_key;   // SK.DP.ECDSA
  cardcore::ecasd::Certificate ci;           // the CI's certificate (SGP.02 §2.3)
  std::map<std::string, cardcore::ecasd::Certificate, std::less<>> eums;  // EUM certificates by EUM id
  std::uint8_t scp03_key_version = 0x30;     // the ISD-P key set the key establishment makes
  // The seed of the SM-DP's per-order randoms (the ephemeral key eSK.DP.ECKA
  // and the SCP03 host challenge: SHA-256 of seed, label and call id), so a
  // run is reproducible.
  cardcore::Bytes random_seed;
};

// An ES3 call and the SM-SR it is for.
struct Es3Call {
  std::string smsr_id;
  FunctionCall call;
};

class SmDp {
 public:
  explicit SmDp(SmDpConfig config);

  // A profile type (ProfileStore::add) and the non-volatile memory its ISD-P
  // asks for (none: no quota). Throws as ProfileStore::add.
  void add_profile_type(std::string type, std::string owner, cardcore::ByteView der,
                        std::optional<std::uint32_t> required_memory);
  // The operator loads one subscription of `type`. Throws
  // std::invalid_argument for an unknown type, values the profile does not
  // take (ProfileStore::prepare), and as SubscriptionStock::add.
  void load_stock(const std::string& type, SubscriptionValues values, std::string msisdn);
  // An SM-SR reachable over ES3, by its id.
  void connect(const SmSr& smsr);

  // ES2.DownloadProfile. A refusal is queued as a Failed result at once
  // (take_results()); otherwise the order starts.
  void download_profile(const DownloadProfileRequest& order);

  // The other ES2 functions on the MNO's behalf (sm_dp_es2.cpp; SGP.02
  // §3.3, §3.5, §3.7, §5.3). The checks first, each refusal a Failed
  // result at once and no ES3 call: the call id (missing, of an order in
  // progress), the EID (32 digits), the SM-SR (connected), ES3.GetEIS (the
  // SM-SR manages the eUICC), and for the profile functions the ICCID
  // (given, in the EIS) and its owner (the calling MNO: "Profile ICCID" /
  // "Not allowed"). Then the ES3 call goes in the eUICC's queue of orders,
  // and its result, renamed, is the ES2 result (take_results()).
  void enable_profile(const Es2Request& q);   // ES2.EnableProfile (§5.3.5)
  void disable_profile(const Es2Request& q);  // ES2.DisableProfile (§5.3.6)
  void delete_profile(const Es2Request& q);   // ES2.DeleteProfile (§5.3.7)
  // ES2.UpdatePolicyRules (SGP.02, POL2 update via the SM-DP): the profile's POL2, relayed as
  // ES3.UpdatePolicyRules; a POL2 pol2_error() refuses fails at once.
  void update_policy_rules(const Es2Request& q);
  // ES2.AuditEIS (§5.3.12; the whole eUICC): once ES3.AuditEIS succeeded,
  // the SM-SR's EIS with the calling MNO's profiles only
  // (take_audited_eis(), by the ES2 call id).
  void audit_eis(const Es2Request& q);
  struct AuditedEis {
    std::string call_id;
    Eis eis;
  };
  std::vector<AuditedEis> take_audited_eis() { return std::exchange(audited_, {}); }
  // ES2.GetEIS (§5.3.1): answered at once from ES3.GetEIS (§5.4.1, the
  // SM-SR's EIS), the calling MNO's profiles only; the same checks as above
  // but the queue. The EIS only when the result is a success.
  struct EisAnswer {
    FunctionResult result;
    std::optional<Eis> eis;
  };
  EisAnswer get_eis(const Es2Request& q) const;

  // An SM-SR's ES3 notification (SGP.02 §5.4: HandleProfileEnabled /
  // Disabled / DeletedNotification, HandleSMSRChangeNotification) and the
  // ES2 ones (§5.3.8 to §5.3.11, with its CompletionTimestamp) it gives the MNOs: a profile's to its
  // owner (the ICCID's profile type's, from the stock: a profile this
  // SM-DP installed on that eUICC); an SM-SR change's to every owner of a
  // profile of this SM-DP in the EIS, with its own profiles. Throws
  // std::invalid_argument naming the fault for a notification not over
  // ES3, not to this SM-DP, from an SM-SR not connected, without an EID
  // (or the EIS of an SM-SR change, for another EID), or about a profile
  // this SM-DP did not install there.
  std::vector<PlatformNotification> on_notification(const PlatformNotification& n) const;

  // The next ES3 call of any order — orders for one eUICC one after the
  // other, oldest first; nullopt when every order waits.
  std::optional<Es3Call> next();
  // The SM-SR's result of an ES3 call next() gave; others are ignored.
  void on_response(const FunctionResult& r);
  // ES2 results, oldest first.
  std::vector<FunctionResult> take_results();
  std::size_t orders_in_progress() const { return orders_.size() + relays_.size(); }

  const SubscriptionStock& stock() const { return stock_; }
  // The operator's decision on a withheld ICCID (SubscriptionStock).
  bool return_to_stock(std::string_view iccid) { return stock_.return_to_stock(iccid); }
  // Its stock records restored from an old backup (SubscriptionStock::restore).
  std::vector<SubscriptionStock::Record> stock_records() const { return stock_.records(); }
  std::size_t restore_stock(const std::vector<SubscriptionStock::Record>& backup) { return stock_.restore(backup); }

  // Checkpoints (sm_dp_state.cpp has the layout): the stock, the orders in
  // progress (downloads and relays), the results and audited EISs not
  // taken. The profile types and the SM-SRs
  // (add_profile_type(), connect()) are the caller's configuration, made
  // again as before saving and before restoring; restore_state() checks the
  // SM-DP's id and that every profile type and SM-SR the state names is
  // there. Throws std::invalid_argument ("SM-DP state: ...") for
  // malformed, truncated, damaged or mismatching input, and then leaves the
  // SM-DP as it was.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView in);

 private:
  // SGP.02 §3.1.1 / §5.3.2 checks; the refusal's subject, reason and
  // detail, or the plan of the job.
  struct Refusal {
    std::string subject, reason, message;
  };
  std::optional<Refusal> check(const DownloadProfileRequest& o, const Eis*& eis) const;
  std::optional<Refusal> check_ecasd(const Eis& eis) const;
  DownloadPlan plan(const DownloadProfileRequest& o, const Eis& eis, const StockEntry& s) const;
  void refuse(const DownloadProfileRequest& o, Refusal r);
  // The ES2 relays' checks (sm_dp_es2.cpp); the EIS when they pass.
  std::optional<Refusal> check(const Es2Request& q, bool profile, const Eis*& eis) const;
  void relay(Es2Relay f, const Es2Request& q);

  SmDpConfig config_;
  ProfileStore store_;
  std::map<std::string, std::optional<std::uint32_t>, std::less<>> required_memory_;
  SubscriptionStock stock_;
  std::map<std::string, const SmSr*, std::less<>> smsrs_;
  // Orders in progress by sequence number (oldest first), one at a time per
  // eUICC (next()), and their indexes: each eUICC's orders in sequence,
  // the orders that may have a call to make (ready_: the oldest of their
  // eUICC, new or answered), the call ids of the ES2 orders and of the ES3
  // calls in flight.
  std::map<std::uint64_t, DownloadOrder> orders_;
  std::map<std::uint64_t, RelayOrder> relays_;  // the ES2 relays, in the same sequence and indexes
  std::uint64_t next_order_ = 0;
  std::map<std::string, std::deque<std::uint64_t>, std::less<>> by_eid_;
  std::set<std::uint64_t> ready_;
  std::set<std::string, std::less<>> order_ids_;
  std::map<std::string, std::uint64_t, std::less<>> in_flight_;
  std::vector<FunctionResult> results_;
  std::vector<AuditedEis> audited_;
  // Files an order (restore_state() too) and its indexes.
  void add_order(DownloadOrder order);
  void add_relay(RelayOrder relay);
  void file(std::uint64_t seq, const std::string& eid, const std::string& call_id, const std::string& waiting);
  // An order done: out of the indexes, the eUICC's next one ready.
  void close(std::uint64_t seq, const std::string& eid, const std::string& call_id);
  void relay_answered(std::uint64_t seq, const FunctionResult& r);
};

}  // namespace twinmodels::platform
