#pragma once
// The SM-SR (GSMA SGP.02 §2.1, §3; the "write-card platform"'s SM-SR of the
// source document): the registry of the eUICCs it manages (EIS), and the
// card side of every ES4 / ES3 function it takes — each becomes one ES5
// script for the eUICC's ISD-R, sent as SCP80 secured SMS (SMS-PP download)
// under the ISD-R's key set, its PoR read back from the device's RP-ACK or
// RP-ERROR. One function at a time per eUICC; the others queue. The
// eUICC's notifications (SGP.02 §4.1.1.11, secured MO SMS) update the EIS
// and are confirmed (ES5.NotificationConfirmation).
//
// Plain state machine, no clock: the caller (a test, the engine) moves the
// SMS and tells it when a delivery failed. Worker pools, service times and
// rate limits belong to the engine's platform server around it.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/eis.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/platform_notification.hpp"
#include "twinmodels/platform/scp81_key.hpp"
#include "twinmodels/platform/smsr_change_order.hpp"

namespace twinmodels::platform {

// The SM-SR's admin server for ES5 over HTTPS (SGP.02 §2.4.4; GP
// Amendment B): where the eUICCs open their sessions. The push names it
// (TS 102 223 §8.58/§8.59 in the trigger's connection parameters; GP Amd B
// §3.8.4/§3.8.6 host and URI), as the card's factory defaults name the
// SM-SR of the factory only.
struct AdminEndpoint {
  cardcore::Bytes ipv4;             // 4 bytes
  std::uint16_t port = 443;
  std::string host;                 // the Host header the card sends
  std::string uri = "/gp/ram";      // the first POST's request-target
};

class AdminConnection;

struct SmSrConfig {
  std::string id = "SM-SR";
  cardcore::sms::Address address;            // where the eUICCs send their notifications
  std::optional<cardcore::cat::Address> smsc;  // the service centre it gives them for that
  unsigned max_attempts = 3;                 // sends of one function's packet before it fails
  // The SM-SRs it has an ES7 agreement with (SGP.02 §3.8): the only ones it
  // takes an eUICC from or hands one to.
  std::vector<std::string> es7_partners = {};
  // The MNOs it serves over ES4; empty: any.
  std::vector<std::string> mnos = {};
  // ES5 over HTTPS: the admin server; none, SMS only.
  std::optional<AdminEndpoint> https = {};
};

// How the SM-SR reaches an eUICC's ISD-R for ES5 (SGP.02 §2.4.3, §2.4.4).
enum class Es5Transport : std::uint8_t { Sms, Https };
const char* to_string(Es5Transport t);

// An ES4 (MNO) or ES3 (SM-DP) function for one eUICC (SGP.02 §5.4, §5.5).
struct FunctionCall {
  enum class Kind : std::uint8_t {
    EnableProfile,
    DisableProfile,
    DeleteProfile,
    SetFallbackAttribute,
    SetEmergencyProfileAttribute,
    AuditEis,  // ES4/ES3.AuditEIS with the eUICC capability audit's card resources
    UpdateConnectivityParameters,  // the SM-SR's own address for the eUICC's SMS
    NotificationConfirmation,      // the SM-SR's own, after a notification: no result
    // ES3 (SM-DP to SM-SR, SGP.02 §5.5):
    CreateIsdp,                 // a new ISD-P for `iccid`; the result's data is its AID
    SendData,                   // `script` for `sd_aid`; the result's data is the eUICC's response
    ProfileDownloadCompleted,   // the profile of `iccid` is installed: the EIS says Disabled
    // The new SM-SR after an SM-SR change (SGP.02 §3.8): DELETE [key] of the
    // old SM-SR's key set `key_version` (ES5.FinaliseISDRhandover).
    FinaliseIsdrHandover,
    // The current SM-SR after a failed SM-SR change: DELETE [key] of the
    // partial new key set `key_version`, if the eUICC created it (the
    // clean-up is ours: smsr_handover.hpp).
    DeleteKeySet,
    // ES4/ES3.UpdatePolicyRules (SGP.02 Policy Rules; the web-service schema): the profile's
    // POL2 in the EIS becomes `pol2`; the SM-SR's own, no script.
    UpdatePolicyRules,
  };
  Kind kind = Kind::EnableProfile;
  std::string interface = "ES4";  // or "ES3": the requester's interface, for the result's name
  std::string call_id;
  std::string eid;
  std::string iccid;  // the profile, for the profile functions
  // CreateIsdp: the profile's owner and SM-DP, and the ISD-P's memory quota.
  std::string mno_id;
  std::string smdp_id;
  std::optional<std::uint32_t> nonvolatile_quota;
  // SendData: the security domain and the expanded remote command script.
  cardcore::Bytes sd_aid;
  cardcore::Bytes script;
  // ProfileDownloadCompleted: the subscription address.
  std::string imsi;
  std::string msisdn;
  // FinaliseIsdrHandover: the old SM-SR's key set version; DeleteKeySet:
  // the partial new one's.
  std::uint8_t key_version = 0;
  // FinaliseIsdrHandover: the old SM-SR's SCP81 PSK version ('40'-'4F') to
  // delete as well; 0: none.
  std::uint8_t psk_version = 0;
  // UpdatePolicyRules: the profile's new POL2 (empty: no rule).
  std::vector<Pol2Rule> pol2 = {};
};

const char* function_name(FunctionCall::Kind k);
// The name a result carries: interface and function ("ES4.EnableProfile");
// DeleteProfile over ES3 is ES3.DeleteISDP (SGP.02 §5.4: the SM-DP deletes
// the ISD-P it had created).
std::string result_function(const FunctionCall& f);
// A result of `f` (function, call id, EID, ICCID; the status Success).
FunctionResult result_of(const FunctionCall& f);

// What the SM-SR hands the SMSC: the SMS-DELIVERs for one device's number.
struct OutgoingSms {
  std::string eid;
  std::string msisdn;  // of the enabled profile
  std::vector<cardcore::Bytes> delivers;
  // The push of an HTTPS session (GP Amd B §2.4, Table 3-3), not a script:
  // its PoR says the card took it; the function goes in the session.
  bool push = false;
};

// A notification the eUICC sent (SGP.02 §4.1.1.11), as the SM-SR read it.
struct EuiccNotification {
  std::string eid;
  std::uint8_t type = 0;      // sgp02.hpp notification types
  std::uint16_t sequence = 0;
  cardcore::Bytes isdp_aid;
  std::string iccid;          // of that ISD-P's profile in the EIS
};

class SmSr {
 public:
  explicit SmSr(SmSrConfig config);
  ~SmSr();
  SmSr(const SmSr&) = delete;
  SmSr& operator=(const SmSr&) = delete;
  const std::string& id() const { return config_.id; }

  // ES1.RegisterEIS (the EUM hands over a new eUICC): its EIS and the
  // ISD-R's SCP80 key set as this SM-SR's OTA link to it. Throws
  // std::invalid_argument for an EID already registered.
  // With `scp81`, the ISD-R's PSK: ES5 goes over HTTPS when the EIS names
  // that PSK version (Eis::isd_r_psk_version) and this SM-SR has an admin
  // server (transport()).
  void register_eis(Eis eis, ota::OtaCardConfig isd_r, std::optional<Scp81Key> scp81 = std::nullopt);
  const Eis* eis(std::string_view eid) const;
  // ES7.HandoverEUICC, the old SM-SR's end (SGP.02 §3.8): the eUICC leaves
  // this SM-SR, its EIS goes to the new one (this SM-SR's keys are not in
  // it). Functions still queued for it fail ("Handed over"). nullopt for an
  // unknown EID.
  std::optional<Eis> release(std::string_view eid);

  // SM-SR change, the ES4 side (sm_sr_es4_change.cpp; SGP.02 §3.8, §5.4).
  // ES4.PrepareSMSRChange, this SM-SR the new one: it takes the eUICC
  // `o.eid` from the current SM-SR `o.smsr_id` when the EID is 32 digits and
  // not its own already, the current SM-SR is an ES7 partner and the MNO
  // one it serves, and none is prepared for it yet; the preparation waits
  // for the ES7.HandoverEUICC until the change ends or drop_preparation()
  // (the order's validity running out: the caller's). The result at once.
  FunctionResult prepare_smsr_change(const SmSrChangeOrder& o);
  // ES4.SMSRChange, this SM-SR the current one: the eUICC must be one it
  // manages, with no function queued and no SM-SR change in flight, the
  // target an ES7 partner, and the MNO the owner of the enabled profile.
  // nullopt: accepted, the change is in flight until end_smsr_change();
  // else the refusal.
  std::optional<FunctionResult> smsr_change(const SmSrChangeOrder& o);
  // ES7.HandoverEUICC, this SM-SR the new one: the EIS `from_smsr` hands
  // over, for an EID prepared from that SM-SR; nullopt when taken (the
  // caller registers it once the key set is established), else the refusal.
  std::optional<FunctionResult> accept_handover(const Eis& eis, const std::string& from_smsr) const;
  // The end of an accepted SM-SR change: handed over, the eUICC leaves
  // (release()); not, it stays with its key set and EIS as they were.
  // Returns the EIS when handed over.
  std::optional<Eis> end_smsr_change(std::string_view eid, bool handed_over);
  bool smsr_change_in_flight(std::string_view eid) const;
  // The new SM-SR's side after a change ended (either way): the
  // preparation goes.
  void drop_preparation(std::string_view eid);
  bool prepared(std::string_view eid) const;
  // The SCP80 key version of its key set for the eUICC (KIc b5-b8); nullopt
  // for an unknown EID.
  std::optional<std::uint8_t> key_version(std::string_view eid) const;

  // Takes a function call. An unknown EID or ICCID, or a profile state the
  // function cannot apply to, fails at once (take_results()).
  void call(const FunctionCall& f);

  // The SMS to send now: the first waiting function of every eUICC that has
  // none in flight, stamped `scts`.
  std::vector<OutgoingSms> take_outgoing(const cardcore::sms::Timestamp& scts);
  // The device's SMS-DELIVER-REPORT for the eUICC's function in flight:
  // its PoR completes the function.
  void on_delivery_report(std::string_view eid, cardcore::ByteView report_tpdu, bool ack);
  // The SMSC gave up on it, or no report came: sent again up to
  // max_attempts, then the function expires.
  void on_delivery_failed(std::string_view eid);
  // An SMS-SUBMIT from a device (its number `from`): the eUICC's
  // notification, once complete, updates the EIS and queues its
  // confirmation. Returns the notification when one completed.
  std::optional<EuiccNotification> on_mo_sms(const std::string& from, cardcore::ByteView submit_tpdu,
                                             std::uint64_t now_ms);

  // ES5 over HTTPS (sm_sr_https.cpp; SGP.02 §2.4.4, GP Amendment B). For
  // an eUICC on HTTPS, take_outgoing() gives the push (OutgoingSms::push)
  // instead of the script; its PoR (on_delivery_report) says the card took
  // it, and the function waits for the card's session; on_delivery_failed()
  // — the push undelivered, or no session came in time — sends the push
  // again up to max_attempts, then Expired, as for SMS.
  Es5Transport transport(std::string_view eid) const;
  // A TCP connection to the admin server (the device's BIP channel): its
  // id. `tls_seed`: the server's TLS randomness for reproducible records
  // (an engine run's, from its seed); none: OpenSSL's own.
  std::uint32_t https_accept(std::optional<cardcore::Bytes> tls_seed = std::nullopt);
  // Bytes from the card on `connection`; returns the bytes to send back.
  // The card's first POST gets the function's script (expanded format, the
  // ISD-R or the SendData's ISD-P as X-Admin-Targeted-Application), its
  // next POST's R-APDUs complete the function as a PoR would (the EIS
  // follows), the next queued function goes in the same session, then 204.
  // A TLS handshake failing on a known identity fails the function at once
  // (the PSKs differ: subject eUICC, reason Security failure); a refused
  // request, or a session that ends before the R-APDUs (https_closed()),
  // counts as a failed attempt, as a lost PoR.
  cardcore::Bytes https_receive(std::uint32_t connection, cardcore::ByteView bytes);
  // The connection ended (the card's CLOSE CHANNEL, the link dropped).
  void https_closed(std::uint32_t connection);
  // The admin server refused the eUICC's connection (it held its most
  // sessions): for a function waiting for that session, a failed attempt
  // — the push goes again, up to max_attempts, then Expired.
  void https_refused(std::string_view eid);
  bool https_open(std::uint32_t connection) const;
  // The SM-SR's process crashed (a fault): its admin server's connections
  // and their TLS sessions are gone, with no attempt counted yet. A
  // function whose session was cut, like one whose push the card took,
  // awaits a session until https_restart(): up again, each function still
  // awaiting one counts a failed attempt (the card opened none the server
  // could take, and does not try again: GP Amd B §3.8.3's retry policy is
  // not acted on) — the push goes again, or it expires after max_attempts.
  // https_crash() returns the connections it cut, in id order.
  std::vector<std::uint32_t> https_crash();
  void https_restart();
  // Connections that failed, one line each ("<identity>: <reason>"), oldest first.
  const std::vector<std::string>& https_errors() const { return https_errors_; }
  // The PSK identity the push names for an eUICC's key (GP Amd B §3.8.2; ours).
  static std::string psk_identity(std::string_view eid, const Scp81Key& key);

  // Notifications to the profiles' owners (sm_sr_notify.cpp; SGP.02 §5.1.3,
  // ES3 §5.4, ES4 §5.5): with a sink set, each goes to it as it happens —
  // the SM-SR keeps none (no state), and without a sink it sends none.
  // When the EIS learns that a profile was enabled or disabled (a PoR of
  // EnableProfile or DisableProfile, an eUICC's notification of a switch
  // the EIS did not know) or deleted (DeleteProfile's PoR):
  // HandleProfileEnabled / Disabled / DeletedNotification over ES4 to the
  // profile's MNO and over ES3 to its SM-DP when an SM-DP installed it
  // (ours: SGP.02 leaves the choice of path to the parties; the caller
  // passes on what its MNOs listen to) — but not to the requester of the
  // function about that profile (the call's mno_id; over ES3 its smdp_id
  // too), which has the function's result (SGP.02 §3.2-§3.7). Audits send
  // none.
  using NotificationSink = std::function<void(const PlatformNotification&)>;
  void notify_to(NotificationSink sink) { notify_ = std::move(sink); }
  // SGP.02 §3.8: this SM-SR took the eUICC over and finalised the change
  // (SmSrHandover calls it): HandleSMSRChangeNotification over ES4 to every
  // MNO with a profile on the eUICC and over ES3 to every SM-DP that
  // installed one, each with the EIS of its own profiles (an SM-DP's: the
  // profiles it installed). False for an EID it does not manage.
  bool smsr_change_completed(std::string_view eid);

  // POL2's Auto-Delete (SGP.02 Policy Rules: POL2's "Profile deletion is
  // mandatory when its state is changed to disabled", `DISABLE Auto-Delete`;
  // sm_sr_auto_delete.cpp). When the EIS learns that a profile whose POL2
  // has it went from Enabled to Disabled (the PoR of a DisableProfile, or of
  // an EnableProfile of another profile, an eUICC's notification of a
  // switch or a fall-back), the SM-SR deletes it once the eUICC's
  // notification of that change is confirmed (its NotificationConfirmation
  // queued): its own ES5.DeleteProfile, call id kAutoDeleteCall + ICCID,
  // with the checks of a DeleteProfile (POL1 'deletion not allowed', the
  // fall-back or emergency attribute: refused, nothing sent). Its result
  // comes with the others (function "ES5.DeleteProfile"); the deletion's
  // notifications go to the profile's MNO and SM-DP, none of which asked.
  static constexpr const char* kAutoDeleteCall = "auto-delete-";
  static bool auto_delete_call(std::string_view call_id) { return call_id.rfind(kAutoDeleteCall, 0) == 0; }

  // Results of finished function calls (ES4/ES3 responses), oldest first.
  std::vector<FunctionResult> take_results();
  // Functions queued or in flight for an eUICC.
  std::size_t pending(std::string_view eid) const;
  // The counter of the last packet sent to an eUICC under the ISD-R's key
  // set (any TAR); 0 for an unknown EID.
  cardcore::ota::Counter counter(std::string_view eid) const;
  // Every eUICC's, in EID order; and one set back, as a restore of the
  // SM-SR's records from an old backup does (a fault; TS 102 225 §5.1.1:
  // the card then refuses the next packets as "counter low" until the
  // counter passes its own). Unknown EIDs are left alone.
  std::vector<std::pair<std::string, cardcore::ota::Counter>> counters() const;
  void set_counter(std::string_view eid, cardcore::ota::Counter counter);

  // Checkpoints (sm_sr_state.cpp; the layout is there): everything that
  // changes after construction — the eUICCs managed (EIS, the ISD-R's key
  // set, the OTA links per TAR, counters, function queues, HTTPS steps),
  // the MSISDN index, the SM-SR changes prepared and in flight, the
  // concatenated MO SMS being reassembled, the results not yet taken, the
  // next connection id and the HTTPS errors. The config is not state: the
  // caller builds the SmSr with the saved one's config (its id is checked),
  // then restores. An HTTPS admin connection holds a live TLS session,
  // which is not serialisable: save_state() throws std::logic_error while
  // one is open, and so does restore_state(). restore_state() throws
  // std::invalid_argument("SM-SR state: ...") for malformed, truncated,
  // damaged or mismatching input, and leaves the SM-SR unchanged then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct StateCodec;  // sm_sr_state.cpp
  struct Operation {
    FunctionCall call;
    cardcore::Bytes script;     // the expanded remote command script
    cardcore::ota::Tar tar{};   // of the security domain it goes to
    unsigned attempts = 0;      // packets sent for it, its audits' included
    unsigned lost = 0;          // of those, the ones no PoR came back for
    bool internal = false;      // the SM-SR's own (a notification's confirmation): no result
    // The card refused its last packet as "CNTR low": the next packet is an
    // audit of the ISD-Ps that settles whether the card ran the function
    // (sm_sr_audit.cpp).
    bool settling = false;
  };
  // One link per TAR the SM-SR addresses (the ISD-R's, the ISD-Ps'), all
  // under the ISD-R's key set and so one counter (the card keeps one per
  // key set: TS 102 225 §5.1.1, SGP.02 §2.4.3).
  struct Managed {
    Eis eis;
    ota::OtaCardConfig isd_r;
    std::map<cardcore::ota::Tar, ota::OtaSmsLink> links;
    cardcore::ota::Counter counter = 0;               // the last one sent, on any TAR
    cardcore::ota::Counter notification_counter = 0;  // the eUICC's packets to us (replay check)
    std::deque<Operation> queue;                      // front: in flight when in_flight
    // CreateISDPs that expired (with their ISD-P AID): the card may hold the
    // ISD-P; the AID is not given again, and an audit settles them.
    std::vector<FunctionCall> unsettled_creates;
    bool in_flight = false;
    // POL2's Auto-Delete (sm_sr_auto_delete.cpp): the ICCIDs of profiles
    // whose state the EIS changed to Disabled while their POL2 had it,
    // oldest first; deleted after the eUICC's notification is confirmed.
    std::vector<std::string> auto_delete;
    // ES5 over HTTPS (sm_sr_https.cpp).
    std::optional<Scp81Key> scp81;
    enum class HttpsStep : std::uint8_t { None, PushSent, AwaitSession, ScriptSent };
    HttpsStep https_step = HttpsStep::None;
    std::optional<std::uint32_t> https_connection;
  };
  ota::OtaSmsLink& link(Managed& m, const cardcore::ota::Tar& tar);
  // The first waiting function of an eUICC with none in flight, into `out`.
  void send_next(Managed& m, const std::string& eid, const cardcore::sms::Timestamp& scts,
                 std::vector<OutgoingSms>& out);
  bool over_https(const Managed& m) const;
  OutgoingSms push(Managed& m, const std::string& eid, const std::string& msisdn,
                   const cardcore::sms::Timestamp& scts);
  void serve(std::uint32_t id, AdminConnection& c);
  // The function in flight got no answer (a lost PoR, no session, a
  // session ended early): sent again, or Expired after max_attempts.
  void attempt_failed(Managed& m, const std::string& why);
  Managed* by_identity(const std::string& identity);

  // Looks an eUICC up for a change: it becomes a candidate of the next
  // take_outgoing().
  Managed* managed(std::string_view eid);
  // The eUICCs take_outgoing() looks at: those touched since it last ran
  // and those it left with a function waiting; all of them after a restore
  // or an HTTPS connection's end (the connection names no EID). Not state:
  // every eUICC it leaves out has nothing to send.
  std::set<std::string, std::less<>> candidates_;
  bool all_candidates_ = false;
  Managed* by_msisdn(const std::string& msisdn);
  std::optional<Operation> plan(Managed& m, const FunctionCall& f, FunctionResult& refusal);
  std::optional<Operation> plan_es3(Managed& m, const FunctionCall& f, FunctionResult& refusal);
  void complete(Managed& m, const ota::PorResult& por);
  // TS 102 225 §5.1.1 "CNTR low" and the audits that settle it
  // (sm_sr_audit.cpp). counter_low(): the PoR of the function in flight
  // says CNTR low and packets remain: it goes again, as an audit when one
  // can tell whether the card ran it (true), else nothing is done (false).
  // settle(): the audit's PoR (Ok) decides the function or sends it again.
  // tar_in_flight(): the TAR the packet in flight went to;
  // settling_audit_script(): the audit's script (GET STATUS of the ISD-Ps).
  bool counter_low(Managed& m, const ota::PorResult& por);
  static cardcore::Bytes settling_audit_script();
  void settle(Managed& m, const ota::PorResult& por);
  const cardcore::ota::Tar& tar_in_flight(const Managed& m) const;
  void apply(Managed& m, const Operation& op, const ota::PorResult& por, FunctionResult& r);
  void audit(Managed& m, const ota::ExpandedResponse& x, FunctionResult& r);
  void profile_download_completed(Managed& m, const FunctionCall& f);
  void update_policy_rules(Managed& m, const FunctionCall& f);
  // POL2's Auto-Delete (sm_sr_auto_delete.cpp): `iccid` went from Enabled
  // to Disabled in the EIS; and, after a notification's confirmation was
  // queued, the SM-SR's own DeleteProfile of each such profile.
  void disabled(Managed& m, const std::string& iccid);
  void queue_auto_deletes(Managed& m);
  void fail(const FunctionCall& f, std::string subject, std::string reason, std::string message = {});
  // sm_sr_notify.cpp: a profile's notifications, and those of a switch
  // from `before` (the profile enabled before) to the EIS's enabled one.
  NotificationSink notify_;
  void notify_profile(NotificationKind k, const Eis& eis, const EisProfile& p) const;
  void notify_switch(const Eis& eis, const std::optional<EisProfile>& before) const;
  std::optional<EisProfile> enabled_before(const Eis& eis) const;

  SmSrConfig config_;
  std::map<std::string, Managed, std::less<>> euiccs_;
  // The profiles' MSISDNs and their eUICC's EID: where an MO SMS comes from.
  std::map<std::string, std::string, std::less<>> msisdns_;
  void index_msisdn(const std::string& msisdn, const std::string& eid);
  // SM-SR change: the preparations (EID -> the current SM-SR named) and the
  // changes in flight (EID -> the order) — sm_sr_es4_change.cpp.
  std::map<std::string, SmSrChangeOrder, std::less<>> prepared_;
  std::map<std::string, SmSrChangeOrder, std::less<>> changing_;
  FunctionResult refusal(const std::string& function, const SmSrChangeOrder& o, std::string subject,
                         std::string reason, std::string message = {}) const;
  cardcore::sms::Reassembler reassembler_;
  std::vector<FunctionResult> results_;
  // The admin server's connections (sm_sr_https.cpp).
  std::map<std::uint32_t, std::unique_ptr<AdminConnection>> https_;
  std::uint32_t next_connection_ = 1;
  std::vector<std::string> https_errors_;
};

}  // namespace twinmodels::platform
