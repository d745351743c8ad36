#include "twinmodels/platform/subscription_stock.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

const char* to_string(StockState s) {
  switch (s) {
    case StockState::Available: return "Available";
    case StockState::Reserved: return "Reserved";
    case StockState::Installed: return "Installed";
    case StockState::Withheld: return "Withheld";
  }
  return "?";
}

void SubscriptionStock::add(std::string profile_type, SubscriptionValues values, std::string msisdn) {
  // E.164: at most 15 digits.
  if (msisdn.empty() || msisdn.size() > 15 || !std::all_of(msisdn.begin(), msisdn.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw std::invalid_argument("SubscriptionStock::add: MSISDN '" + msisdn + "' is not 1..15 digits");
  }
  if (entries_.count(values.iccid) != 0) {
    throw std::invalid_argument("SubscriptionStock::add: ICCID " + values.iccid + " is loaded already");
  }
  const std::string iccid = values.iccid;
  entries_.emplace(iccid, StockEntry{std::move(profile_type), std::move(values), std::move(msisdn), StockState::Available, {}, {}});
}

const StockEntry* SubscriptionStock::find(std::string_view iccid) const {
  const auto it = entries_.find(iccid);
  return it == entries_.end() ? nullptr : &it->second;
}

const StockEntry* SubscriptionStock::find_by_imsi(std::string_view imsi) const {
  for (const auto& [iccid, e] : entries_) {
    if (e.values.imsi == imsi) return &e;
  }
  return nullptr;
}

std::optional<std::string> SubscriptionStock::reserve(std::string_view iccid, std::string_view profile_type,
                                                      const std::string& call_id) {
  const auto it = entries_.find(iccid);
  if (it == entries_.end()) return "Unknown";
  StockEntry& e = it->second;
  if (e.profile_type != profile_type) return "Invalid";
  if (e.state != StockState::Available) return "Already in use";
  e.state = StockState::Reserved;
  e.order = call_id;
  return std::nullopt;
}

StockEntry* SubscriptionStock::entry(std::string_view iccid, StockState expected) {
  const auto it = entries_.find(iccid);
  if (it == entries_.end() || it->second.state != expected) return nullptr;
  return &it->second;
}

void SubscriptionStock::release(std::string_view iccid) {
  if (StockEntry* e = entry(iccid, StockState::Reserved)) {
    e->state = StockState::Available;
    e->order.clear();
  }
}

void SubscriptionStock::install(std::string_view iccid, const std::string& eid) {
  if (StockEntry* e = entry(iccid, StockState::Reserved)) {
    e->state = StockState::Installed;
    e->eid = eid;
  }
}

void SubscriptionStock::withhold(std::string_view iccid) {
  if (StockEntry* e = entry(iccid, StockState::Reserved)) e->state = StockState::Withheld;
}

bool SubscriptionStock::return_to_stock(std::string_view iccid) {
  StockEntry* e = entry(iccid, StockState::Withheld);
  if (!e) return false;
  e->state = StockState::Available;
  e->order.clear();
  return true;
}

std::size_t SubscriptionStock::count(std::string_view profile_type, StockState state) const {
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [&](const auto& kv) {
    return kv.second.profile_type == profile_type && kv.second.state == state;
  }));
}

std::vector<SubscriptionStock::Record> SubscriptionStock::records() const {
  std::vector<Record> out;
  out.reserve(entries_.size());
  for (const auto& [iccid, e] : entries_) out.push_back(Record{iccid, e.state, e.order, e.eid});
  return out;
}

std::size_t SubscriptionStock::restore(const std::vector<Record>& backup) {
  std::size_t changed = 0;
  auto it = backup.begin();
  for (auto& [iccid, e] : entries_) {
    while (it != backup.end() && it->iccid < iccid) ++it;  // both by ICCID
    if (e.state == StockState::Reserved) continue;           // its order is under way
    Record was{iccid, StockState::Available, {}, {}};
    if (it != backup.end() && it->iccid == iccid && it->state != StockState::Reserved) was = *it;
    if (e.state == was.state && e.order == was.order && e.eid == was.eid) continue;
    e.state = was.state;
    e.order = was.order;
    e.eid = was.eid;
    ++changed;
  }
  return changed;
}

}  // namespace twinmodels::platform
