// The SM-DP's orders (GSMA SGP.02 §3.1, §5.3.2): profile types, the
// operators' stock, the orders in progress and their ES3 calls
// (sm_dp_checks.cpp: the checks before a job).
#include "twinmodels/platform/sm_dp.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

SmDp::SmDp(SmDpConfig config) : config_(std::move(config)) {}

void SmDp::add_profile_type(std::string type, std::string owner, cardcore::ByteView der,
                            std::optional<std::uint32_t> required_memory) {
  const std::string name = type;
  store_.add(std::move(type), std::move(owner), der);
  required_memory_[name] = required_memory;
}

void SmDp::load_stock(const std::string& type, SubscriptionValues values, std::string msisdn) {
  if (!store_.find(type)) throw std::invalid_argument("SmDp::load_stock: unknown profile type '" + type + "'");
  store_.prepare(type, values);  // the profile takes these values, or this throws naming the fault
  stock_.add(type, std::move(values), std::move(msisdn));
}

void SmDp::connect(const SmSr& smsr) { smsrs_[smsr.id()] = &smsr; }

void SmDp::refuse(const DownloadProfileRequest& o, Refusal r) {
  results_.push_back(failed_result(Es8Download::kFunction, o.call_id, o.eid, o.iccid, std::move(r.subject),
                                   std::move(r.reason), std::move(r.message)));
}

void SmDp::download_profile(const DownloadProfileRequest& order) {
  const Eis* eis = nullptr;
  if (std::optional<Refusal> r = check(order, eis)) {
    refuse(order, std::move(*r));
    return;
  }
  if (std::optional<std::string> reason = stock_.reserve(order.iccid, order.profile_type, order.call_id)) {
    refuse(order, {"Profile ICCID", *reason, {}});
    return;
  }
  try {
    add_order(DownloadOrder(plan(order, *eis, *stock_.find(order.iccid))));
  } catch (const std::exception& e) {
    // The stock's values were checked against the profile when loaded.
    stock_.release(order.iccid);
    refuse(order, {"Profile ICCID", "Data preparation failed", e.what()});
  }
}

void SmDp::add_order(DownloadOrder order) {
  const std::uint64_t seq = next_order_++;
  file(seq, order.plan().request.eid, order.plan().request.call_id, order.waiting_call());
  orders_.emplace(seq, std::move(order));
}

void SmDp::add_relay(RelayOrder relay) {
  const std::uint64_t seq = next_order_++;
  file(seq, relay.request().eid, relay.request().call_id, relay.waiting_call());
  relays_.emplace(seq, std::move(relay));
}

void SmDp::file(std::uint64_t seq, const std::string& eid, const std::string& call_id, const std::string& waiting) {
  std::deque<std::uint64_t>& queue = by_eid_[eid];
  order_ids_.insert(call_id);
  if (!waiting.empty()) in_flight_[waiting] = seq;
  if (queue.empty()) ready_.insert(seq);
  queue.push_back(seq);
}

// One order at a time per eUICC, in the order they came: the card keeps one
// SCP03 session (card-core euicc/README.md), which a second download's
// INITIALIZE UPDATE would end. The oldest ready order with a call goes first.
std::optional<Es3Call> SmDp::next() {
  while (!ready_.empty()) {
    const std::uint64_t seq = *ready_.begin();
    ready_.erase(ready_.begin());
    if (const auto it = orders_.find(seq); it != orders_.end()) {
      if (std::optional<FunctionCall> f = it->second.next()) {
        in_flight_[f->call_id] = seq;
        return Es3Call{it->second.plan().request.smsr_id, std::move(*f)};
      }
    } else if (const auto rt = relays_.find(seq); rt != relays_.end()) {
      if (std::optional<FunctionCall> f = rt->second.next()) {
        f->smdp_id = config_.id;  // the requester over ES3
        in_flight_[f->call_id] = seq;
        return Es3Call{rt->second.request().smsr_id, std::move(*f)};
      }
    }
  }
  return std::nullopt;
}

void SmDp::on_response(const FunctionResult& r) {
  const auto flight = in_flight_.find(r.call_id);
  if (flight == in_flight_.end()) return;
  const std::uint64_t seq = flight->second;
  in_flight_.erase(flight);
  if (relays_.count(seq) != 0) {
    relay_answered(seq, r);
    return;
  }
  DownloadOrder& order = orders_.at(seq);
  if (order.waiting_call() != r.call_id) return;
  std::optional<ProfileState> audited;
  if (order.auditing() && r.ok()) {
    // ES3.AuditEIS done: the SM-SR's EIS is in step with the card again.
    const Eis* eis = smsrs_.at(order.plan().request.smsr_id)->eis(order.plan().request.eid);
    const EisProfile* p = eis ? eis->by_iccid(order.plan().request.iccid) : nullptr;
    if (p) audited = p->state;
  }
  order.on_response(r, audited);
  if (!order.finished()) {
    ready_.insert(seq);
    return;
  }
  const std::string& iccid = order.plan().request.iccid;
  switch (order.outcome()) {
    case DownloadOrder::Outcome::Installed: stock_.install(iccid, order.plan().request.eid); break;
    case DownloadOrder::Outcome::Untouched: stock_.release(iccid); break;
    case DownloadOrder::Outcome::Withheld: stock_.withhold(iccid); break;
  }
  results_.push_back(order.result());
  close(seq, order.plan().request.eid, order.plan().request.call_id);
  orders_.erase(seq);
}

void SmDp::close(std::uint64_t seq, const std::string& eid, const std::string& call_id) {
  // The eUICC's next order, if any, may start.
  const auto queue = by_eid_.find(eid);
  if (queue != by_eid_.end() && !queue->second.empty() && queue->second.front() == seq) {
    queue->second.pop_front();
    if (queue->second.empty())
      by_eid_.erase(queue);
    else
      ready_.insert(queue->second.front());
  }
  order_ids_.erase(call_id);
}

std::vector<FunctionResult> SmDp::take_results() { return std::exchange(results_, {}); }

}  // namespace twinmodels::platform
