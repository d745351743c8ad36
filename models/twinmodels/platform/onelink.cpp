#include "twinmodels/platform/onelink.hpp"

#include <algorithm>
#include <stdexcept>

namespace twinmodels::platform {

OneLink::OneLink(OneLinkConfig config) : config_(std::move(config)) {
  if (!config_.periods.monthly && config_.periods.boundaries.empty() && config_.periods.length_ms <= 0)
    throw std::invalid_argument("OneLink: a billing period must be longer than 0 ms");
  check_periods(config_.periods);
}

void check_plan(const QuotaPlan& plan) {
  if (plan.data_bytes == 0) throw std::invalid_argument("OneLink: a plan's quota must be above 0 bytes");
  if (plan.data_bytes > QuotaPlan::kMaxBytes)
    throw std::invalid_argument("OneLink: a plan's quota must be at most " + std::to_string(QuotaPlan::kMaxBytes) + " bytes");
  for (std::size_t i = 0; i < plan.alert_percent.size(); ++i) {
    const std::uint16_t p = plan.alert_percent[i];
    if (p < 1 || p > QuotaPlan::kMaxPercent)
      throw std::invalid_argument("OneLink: a quota alert level must be 1 to " + std::to_string(QuotaPlan::kMaxPercent) +
                                  " %, found " + std::to_string(p));
    if (i > 0 && p <= plan.alert_percent[i - 1])
      throw std::invalid_argument("OneLink: quota alert levels must ascend, " + std::to_string(p) + " after " +
                                  std::to_string(plan.alert_percent[i - 1]));
  }
}

std::uint64_t quota_level_bytes(const QuotaPlan& plan, std::uint16_t percent) {
  // Reaching p % of the quota: use x 100 >= quota x p (exact; both fit 64 bits).
  return (plan.data_bytes * percent + 99) / 100;
}

void OneLink::add_account(const std::string& id, const std::string& name, Thresholds thresholds,
                          std::optional<BillingPeriods> billing, std::optional<QuotaPlan> plan) {
  if (accounts_.count(id)) throw std::invalid_argument("OneLink: account " + id + " exists");
  if (billing) check_periods(*billing);
  if (plan) check_plan(*plan);
  AccountRecord rec;
  rec.account = Account{id, name, thresholds, std::move(billing), std::move(plan), {}};
  accounts_.emplace(id, std::move(rec));
}

void OneLink::add_card(const std::string& account_id, Card card) {
  const auto acc = accounts_.find(account_id);
  if (acc == accounts_.end()) throw std::invalid_argument("OneLink: no account " + account_id);
  if (card.iccid.empty()) throw std::invalid_argument("OneLink: a card needs its ICCID");
  if (cards_.count(card.iccid)) throw std::invalid_argument("OneLink: card " + card.iccid + " is listed already");
  if (!card.eid.empty() && iccid_by_eid_.count(card.eid))
    throw std::invalid_argument("OneLink: EID " + card.eid + " is listed already");
  if (!card.eid.empty()) iccid_by_eid_.emplace(card.eid, card.iccid);
  acc->second.account.cards.push_back(card.iccid);
  const std::string iccid = card.iccid;
  CardRecord rec;
  rec.card = std::move(card);
  rec.account_id = account_id;
  cards_.emplace(iccid, std::move(rec));
}

void OneLink::move_card(std::string_view iccid, const std::string& new_iccid) {
  const auto it = cards_.find(iccid);
  if (it == cards_.end()) throw std::invalid_argument("OneLink: no card " + std::string(iccid));
  if (new_iccid.empty() || cards_.count(new_iccid))
    throw std::invalid_argument("OneLink: card " + new_iccid + " is listed already");
  if (!it->second.card.eid.empty()) throw std::invalid_argument("OneLink: card " + it->first + " is an eUICC's");
  auto node = cards_.extract(it);
  std::vector<std::string>& listed = accounts_.at(node.mapped().account_id).account.cards;
  for (std::string& c : listed)
    if (c == node.key()) c = new_iccid;
  // A request of its in flight names the card by the old ICCID: none for a
  // domestic card (OneLink's foreign requests are an eUICC's).
  node.key() = new_iccid;
  node.mapped().card.iccid = new_iccid;
  node.mapped().card.expected.iccid = new_iccid;
  cards_.insert(std::move(node));
}

const Account* OneLink::account(std::string_view id) const {
  const auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second.account;
}

OneLink::CardRecord* OneLink::find(std::string_view iccid) {
  const auto it = cards_.find(iccid);
  return it == cards_.end() ? nullptr : &it->second;
}

const OneLink::CardRecord* OneLink::find(std::string_view iccid) const {
  const auto it = cards_.find(iccid);
  return it == cards_.end() ? nullptr : &it->second;
}

const Card* OneLink::card(std::string_view iccid) const {
  const CardRecord* rec = find(iccid);
  return rec ? &rec->card : nullptr;
}

const Account* OneLink::account_of(std::string_view iccid) const {
  const CardRecord* rec = find(iccid);
  return rec ? account(rec->account_id) : nullptr;
}

const Card* OneLink::card_by_eid(std::string_view eid) const {
  const auto it = iccid_by_eid_.find(eid);
  return it == iccid_by_eid_.end() ? nullptr : card(it->second);
}

// ------------------------------------------------------------ status

bool OneLink::set_expected(std::string_view iccid, const Subscription& expected) {
  CardRecord* rec = find(iccid);
  if (!rec) return false;
  rec->card.expected = expected;
  return true;
}

std::vector<std::pair<std::string, Subscription>> OneLink::expectations() const {
  std::vector<std::pair<std::string, Subscription>> out;
  out.reserve(cards_.size());
  for (const auto& [iccid, rec] : cards_) out.emplace_back(iccid, rec.card.expected);
  return out;
}

bool OneLink::report_event(std::string_view iccid, const CardEvent& e) {
  CardRecord* rec = find(iccid);
  if (!rec) return false;
  if (!rec->events.empty() && e.at_ms < rec->events.back().at_ms) return false;
  rec->events.push_back(e);
  if (rec->events.size() > config_.max_events_per_card)
    rec->events.erase(rec->events.begin(), rec->events.end() - static_cast<std::ptrdiff_t>(config_.max_events_per_card));
  apply(rec->status, e);
  return true;
}

const std::vector<CardEvent>* OneLink::events(std::string_view iccid) const {
  const CardRecord* rec = find(iccid);
  return rec ? &rec->events : nullptr;
}

std::optional<CardStatus> OneLink::status(std::string_view iccid) const {
  const CardRecord* rec = find(iccid);
  if (!rec) return std::nullopt;
  return rec->status;
}

std::optional<Diagnosis> OneLink::diagnose(std::string_view iccid, std::int64_t now_ms) const {
  const CardRecord* rec = find(iccid);
  if (!rec) return std::nullopt;
  return platform::diagnose(rec->events, rec->status, rec->card.expected, now_ms, config_.diagnosis);
}

// ------------------------------------------------------------ usage and alerts

void OneLink::check_usage(const Thresholds& t, const Usage& total, std::int64_t period, std::int64_t at_ms,
                          std::set<std::pair<AlertKind, std::int64_t>>& fired, const std::string& account_id,
                          const std::string& iccid) {
  const auto raise = [&](AlertKind kind, std::uint64_t value, const std::optional<std::uint64_t>& limit) {
    if (!limit || value < *limit || !fired.emplace(kind, period).second) return;
    alerts_.push_back(Alert{kind, account_id, iccid, period, at_ms, value, *limit});
  };
  raise(AlertKind::DataThreshold, total.data_bytes, t.data_bytes);
  raise(AlertKind::SmsThreshold, total.sms_count, t.sms_count);
}

const BillingPeriods& OneLink::periods(const AccountRecord& a) const {
  return a.account.billing ? *a.account.billing : config_.periods;
}

std::optional<std::int64_t> OneLink::period_of(std::string_view account_id, std::int64_t t_ms) const {
  const auto it = accounts_.find(account_id);
  if (it == accounts_.end()) return std::nullopt;
  return periods(it->second).index(t_ms);
}

void OneLink::check_quota(const QuotaPlan& plan, std::uint64_t used, std::int64_t period, std::int64_t at_ms,
                          CardRecord& card) {
  for (const std::uint16_t percent : plan.alert_percent) {
    const std::uint64_t level = quota_level_bytes(plan, percent);
    if (used < level) break;  // the levels ascend
    if (!card.quota_fired.emplace(percent, period).second) continue;
    Alert a{AlertKind::QuotaLevel, card.account_id, card.card.iccid, period, at_ms, used, level};
    a.percent = percent;
    alerts_.push_back(std::move(a));
  }
}

bool OneLink::report_usage(std::string_view iccid, std::int64_t at_ms, const Usage& u) {
  CardRecord* rec = find(iccid);
  if (!rec) return false;
  AccountRecord& acc = accounts_.find(rec->account_id)->second;
  const std::int64_t period = periods(acc).index(at_ms);
  const Usage card_total = rec->usage.add(period, u);
  const Usage account_total = acc.usage.add(period, u);
  check_usage(rec->card.thresholds, card_total, period, at_ms, rec->fired, rec->account_id, rec->card.iccid);
  if (acc.account.plan) check_quota(*acc.account.plan, card_total.data_bytes, period, at_ms, *rec);
  check_usage(acc.account.thresholds, account_total, period, at_ms, acc.fired, rec->account_id, "");
  return true;
}

Usage OneLink::card_usage(std::string_view iccid, std::int64_t period) const {
  const CardRecord* rec = find(iccid);
  return rec ? rec->usage.total(period) : Usage{};
}

Usage OneLink::account_usage(std::string_view account_id, std::int64_t period) const {
  const auto it = accounts_.find(account_id);
  return it == accounts_.end() ? Usage{} : it->second.usage.total(period);
}

void OneLink::check_offline(std::int64_t now_ms) {
  for (auto& [iccid, rec] : cards_) {
    const CardStatus& s = rec.status;
    if (s.status != OnlineStatus::Offline || !s.since_ms) continue;
    const AccountRecord& acc = accounts_.find(rec.account_id)->second;
    const Thresholds& account_t = acc.account.thresholds;
    const std::optional<std::int64_t> limit =
        rec.card.thresholds.offline_ms ? rec.card.thresholds.offline_ms : account_t.offline_ms;
    if (!limit || now_ms - *s.since_ms <= *limit || rec.offline_alerted_since == s.since_ms) continue;
    rec.offline_alerted_since = s.since_ms;
    alerts_.push_back(Alert{AlertKind::OfflineTooLong, rec.account_id, iccid, periods(acc).index(now_ms), now_ms,
                            static_cast<std::uint64_t>(now_ms - *s.since_ms), static_cast<std::uint64_t>(*limit)});
  }
}

std::vector<Alert> OneLink::take_alerts() { return std::exchange(alerts_, {}); }

// ------------------------------------------------------------ foreign platforms

ForeignRequest OneLink::submit(ForeignRequest req, std::int64_t now_ms) {
  req.id = "OL-" + std::to_string(next_request_++);
  req.sent_ms = now_ms;
  req.status = ForeignRequestStatus::Sent;
  const auto refuse = [&](std::string subject, std::string reason) {
    req.status = ForeignRequestStatus::Failed;
    req.done_ms = now_ms;
    req.result = failed_result(function_name(req.kind), req.id, req.eid,
                               req.kind == ForeignRequestKind::ProfileDownload ? req.profile.iccid : req.card_iccid,
                               std::move(subject), std::move(reason));
  };
  CardRecord* rec = find(req.card_iccid);
  if (!rec) {
    refuse("ICCID", "Unknown");
  } else {
    req.account_id = rec->account_id;
    req.eid = rec->card.eid;
    if (req.eid.empty()) refuse("EID", "Unknown");
    else if (rec->in_flight) refuse("eUICC", "Request in progress");
    else rec->in_flight = requests_.size();
  }
  requests_.push_back(req);
  return req;
}

ForeignRequest OneLink::request_profile_download(std::string_view iccid, const std::string& foreign_smdp,
                                                 const Subscription& profile, std::int64_t now_ms) {
  ForeignRequest req;
  req.kind = ForeignRequestKind::ProfileDownload;
  req.card_iccid = std::string(iccid);
  req.platform = foreign_smdp;
  req.profile = profile;
  return submit(std::move(req), now_ms);
}

ForeignRequest OneLink::request_smsr_switch(std::string_view iccid, const std::string& target_smsr, std::int64_t now_ms) {
  ForeignRequest req;
  req.kind = ForeignRequestKind::SmSrSwitch;
  req.card_iccid = std::string(iccid);
  req.platform = target_smsr;
  return submit(std::move(req), now_ms);
}

bool OneLink::on_result(const FunctionResult& r, std::int64_t now_ms) {
  const std::optional<std::size_t> i = request_index(r.call_id);
  if (!i) return false;
  ForeignRequest& q = requests_[*i];
  if (q.status != ForeignRequestStatus::Sent) return false;
  if (!r.eid.empty() && r.eid != q.eid) return false;
  q.result = r;
  q.done_ms = now_ms;
  q.status = r.ok() ? ForeignRequestStatus::Completed : ForeignRequestStatus::Failed;
  CardRecord* rec = find(q.card_iccid);
  if (!rec) return true;
  rec->in_flight.reset();
  if (!r.ok()) return true;
  if (q.kind == ForeignRequestKind::ProfileDownload) rec->card.expected = q.profile;
  else rec->card.smsr_id = q.platform;
  return true;
}

std::optional<std::size_t> OneLink::request_index(std::string_view id) const {
  if (id.size() < 4 || id.substr(0, 3) != "OL-") return std::nullopt;
  std::uint64_t n = 0;
  for (const char c : id.substr(3)) {
    if (c < '0' || c > '9' || n > requests_.size()) return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n == 0 || n > requests_.size() || requests_[n - 1].id != id) return std::nullopt;
  return static_cast<std::size_t>(n - 1);
}

const ForeignRequest* OneLink::request(std::string_view id) const {
  const std::optional<std::size_t> i = request_index(id);
  return i ? &requests_[*i] : nullptr;
}

std::optional<std::size_t> OneLink::in_flight_request(std::string_view iccid) const {
  const CardRecord* rec = find(iccid);
  return rec ? rec->in_flight : std::nullopt;
}

}  // namespace twinmodels::platform
