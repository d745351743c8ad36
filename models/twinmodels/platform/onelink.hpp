#pragma once
// OneLink, the connectivity-management platform of the source document
// §3.2.1: dedicated accounts for industry customers and, for their IoT
// cards including eSIMs, online status queries, fault diagnosis and
// threshold alerts; for international import and export, the requests to
// foreign operators' (or agents') eSIM platforms for profile download and
// SM-SR switch.
//
// Plain state machine, no clock: the caller reports the network's events
// and the cards' usage with its own times in ms, asks for status and
// diagnoses at a time it gives, and hands over the foreign platforms'
// results. The pieces: onelink_account.hpp (accounts, cards, thresholds),
// card_event.hpp / card_status.hpp (events, status), fault_diagnosis.hpp,
// usage_alerts.hpp, foreign_platform.hpp.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twinmodels/platform/card_event.hpp"
#include "twinmodels/platform/card_status.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"
#include "twinmodels/platform/foreign_platform.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/onelink_account.hpp"
#include "twinmodels/platform/usage_alerts.hpp"

namespace twinmodels::platform {

struct OneLinkConfig {
  BillingPeriods periods;
  DiagnosisConfig diagnosis;
  std::size_t max_events_per_card = 64;  // the history diagnosis reads (ours); older events are dropped
};

class OneLink {
 public:
  explicit OneLink(OneLinkConfig config = {});

  // Throws std::invalid_argument for an id already used, a bad calendar
  // (check_periods()) or a bad plan (no quota, levels not ascending or
  // outside 1..QuotaPlan::kMaxPercent, a quota above QuotaPlan::kMaxBytes).
  void add_account(const std::string& id, const std::string& name, Thresholds thresholds = {},
                   std::optional<BillingPeriods> billing = std::nullopt, std::optional<QuotaPlan> plan = std::nullopt);
  // Throws std::invalid_argument for an unknown account, an empty ICCID, or
  // an ICCID or EID another card already has.
  void add_card(const std::string& account_id, Card card);

  // A number migration (the source document §2.4: the number written over
  // the air to a replacement terminal, the service bindings kept): the card
  // record of `iccid` — its account, expected subscription, events, status,
  // usage and the alerts it fired — is the card `new_iccid`'s from now on
  // (the expected subscription's ICCID too; its IMSI stays). Throws
  // std::invalid_argument for an unknown card, a new ICCID another card
  // has, or a card with an EID (an eUICC's numbers do not migrate).
  void move_card(std::string_view iccid, const std::string& new_iccid);

  // The customer's order changed what the card should run (e.g. an
  // EnableProfile of another profile it asked for): fault diagnosis reads
  // the new subscription from now on. False for an unknown card.
  bool set_expected(std::string_view iccid, const Subscription& expected);
  // Every card's expected subscription, in ICCID order (a backup of them).
  std::vector<std::pair<std::string, Subscription>> expectations() const;
  const Account* account(std::string_view id) const;
  const Card* card(std::string_view iccid) const;
  const Card* card_by_eid(std::string_view eid) const;
  // The account that lists card `iccid`; nullptr for an unknown card.
  const Account* account_of(std::string_view iccid) const;

  // An event for the card `iccid`. False (and ignored) for a card OneLink
  // does not know, or an event older than the card's last one.
  bool report_event(std::string_view iccid, const CardEvent& e);
  const std::vector<CardEvent>* events(std::string_view iccid) const;
  // The status query: nullopt for an unknown card.
  std::optional<CardStatus> status(std::string_view iccid) const;
  // Why the card is not online (fault_diagnosis.hpp); nullopt for an unknown card.
  std::optional<Diagnosis> diagnose(std::string_view iccid, std::int64_t now_ms) const;

  // The billing period of account `account_id` that `t_ms` falls in (its
  // own calendar, else the platform's); nullopt for an unknown account.
  std::optional<std::int64_t> period_of(std::string_view account_id, std::int64_t t_ms) const;
  // Data / SMS use of the card at `at_ms`, counted in that time's period of
  // its account; raises the threshold and quota alerts it reaches. False
  // for an unknown card.
  bool report_usage(std::string_view iccid, std::int64_t at_ms, const Usage& u);
  Usage card_usage(std::string_view iccid, std::int64_t period) const;
  Usage account_usage(std::string_view account_id, std::int64_t period) const;
  // Raises an OfflineTooLong alert for every card Offline for longer than
  // its limit at `now_ms`, once per offline spell.
  void check_offline(std::int64_t now_ms);
  // The alerts raised since the last call, oldest first.
  std::vector<Alert> take_alerts();

  // A request to a foreign platform for the card `iccid`: recorded as Sent,
  // or Failed at once with its result (an unknown card: subject "ICCID"; a
  // card without an EID: subject "EID"; a request of the card's still in
  // flight: subject "eUICC", reason "Request in progress" — ours).
  ForeignRequest request_profile_download(std::string_view iccid, const std::string& foreign_smdp,
                                          const Subscription& profile, std::int64_t now_ms);
  ForeignRequest request_smsr_switch(std::string_view iccid, const std::string& target_smsr, std::int64_t now_ms);
  // The foreign platform's answer to request `r.call_id`: Completed when
  // r.ok(), Failed otherwise. A completed download makes its profile the
  // one the card is expected to run; a completed switch records the new
  // SM-SR. False for an unknown or finished request, or another EID.
  bool on_result(const FunctionResult& r, std::int64_t now_ms);
  const ForeignRequest* request(std::string_view id) const;
  // The card's request still Sent (requests() index); nullopt for none or an unknown card.
  std::optional<std::size_t> in_flight_request(std::string_view iccid) const;
  const std::vector<ForeignRequest>& requests() const { return requests_; }

  // Checkpoints (onelink_state.cpp): everything after construction —
  // accounts, cards with their events, status, usage and alerts fired,
  // alerts not taken, foreign requests. restore_state() takes it into a
  // OneLink of the same configuration; throws std::invalid_argument
  // ("OneLink state: ...") for malformed or damaged input (a CRC-32 seals
  // it), leaving this one unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct StateCodec;  // onelink_state.cpp
  struct CardRecord {
    Card card;
    std::string account_id;
    std::vector<CardEvent> events;
    CardStatus status;
    UsageLedger usage;
    std::set<std::pair<AlertKind, std::int64_t>> fired;  // usage alerts by period
    std::set<std::pair<std::uint16_t, std::int64_t>> quota_fired;  // quota levels (%) by period
    std::optional<std::int64_t> offline_alerted_since;   // the spell an offline alert was raised for
    std::optional<std::size_t> in_flight;                // requests_ index of its request still Sent
  };
  struct AccountRecord {
    Account account;
    UsageLedger usage;
    std::set<std::pair<AlertKind, std::int64_t>> fired;
  };

  const BillingPeriods& periods(const AccountRecord& a) const;
  void check_quota(const QuotaPlan& plan, std::uint64_t used, std::int64_t period, std::int64_t at_ms, CardRecord& card);
  CardRecord* find(std::string_view iccid);
  const CardRecord* find(std::string_view iccid) const;
  void check_usage(const Thresholds& t, const Usage& total, std::int64_t period, std::int64_t at_ms,
                   std::set<std::pair<AlertKind, std::int64_t>>& fired, const std::string& account_id,
                   const std::string& iccid);
  ForeignRequest submit(ForeignRequest req, std::int64_t now_ms);
  // requests_ index of request `id` ("OL-n" is the n-th): nullopt for none.
  std::optional<std::size_t> request_index(std::string_view id) const;

  OneLinkConfig config_;
  std::map<std::string, AccountRecord, std::less<>> accounts_;
  std::map<std::string, CardRecord, std::less<>> cards_;
  std::map<std::string, std::string, std::less<>> iccid_by_eid_;
  std::vector<Alert> alerts_;
  std::vector<ForeignRequest> requests_;  // request "OL-n" at index n-1
  std::uint64_t next_request_ = 1;
};

}  // namespace twinmodels::platform
