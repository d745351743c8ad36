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
    orders_.emplace_back(plan(order, *eis, *stock_.find(order.iccid)));
  } catch (const std::exception& e) {
    // The stock's values were checked against the profile when loaded.
    stock_.release(order.iccid);
    refuse(order, {"Profile ICCID", "Data preparation failed", e.what()});
  }
}

// One order at a time per eUICC, in the order they came: the card keeps one
// SCP03 session (card-core euicc/README.md), which a second download's
// INITIALIZE UPDATE would end.
std::optional<Es3Call> SmDp::next() {
  for (auto it = orders_.begin(); it != orders_.end(); ++it) {
    const std::string& eid = it->plan().request.eid;
    if (std::any_of(orders_.begin(), it, [&](const DownloadOrder& o) { return o.plan().request.eid == eid; })) continue;
    if (std::optional<FunctionCall> f = it->next()) return Es3Call{it->plan().request.smsr_id, std::move(*f)};
  }
  return std::nullopt;
}

void SmDp::on_response(const FunctionResult& r) {
  for (auto it = orders_.begin(); it != orders_.end(); ++it) {
    DownloadOrder& order = *it;
    if (order.waiting_call().empty() || order.waiting_call() != r.call_id) continue;
    std::optional<ProfileState> audited;
    if (order.auditing() && r.ok()) {
      // ES3.AuditEIS done: the SM-SR's EIS is in step with the card again.
      const Eis* eis = smsrs_.at(order.plan().request.smsr_id)->eis(order.plan().request.eid);
      const EisProfile* p = eis ? eis->by_iccid(order.plan().request.iccid) : nullptr;
      if (p) audited = p->state;
    }
    order.on_response(r, audited);
    if (order.finished()) {
      const std::string& iccid = order.plan().request.iccid;
      switch (order.outcome()) {
        case DownloadOrder::Outcome::Installed: stock_.install(iccid, order.plan().request.eid); break;
        case DownloadOrder::Outcome::Untouched: stock_.release(iccid); break;
        case DownloadOrder::Outcome::Withheld: stock_.withhold(iccid); break;
      }
      results_.push_back(order.result());
      orders_.erase(it);
    }
    return;
  }
}

std::vector<FunctionResult> SmDp::take_results() { return std::exchange(results_, {}); }

}  // namespace twinmodels::platform
