#include "twinsim/engine/platform_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace twinsim {

namespace pf = twinmodels::platform;

void PlatformLog::request(SimTime t, pf::FunctionRequest r) { entries_.push_back({t / 1000, std::move(r)}); }

void PlatformLog::result(SimTime t, pf::FunctionResult r) { entries_.push_back({t / 1000, std::move(r)}); }

void PlatformLog::notification(SimTime t, pf::PlatformNotification n) { entries_.push_back({t / 1000, std::move(n)}); }

void PlatformLog::query(SimTime t, pf::CardQuery q) { entries_.push_back({t / 1000, std::move(q)}); }

void PlatformLog::query_answer(SimTime t, pf::CardQueryAnswer a) { entries_.push_back({t / 1000, std::move(a)}); }

void PlatformLog::write(const std::string& path, pf::TraceEncoding encoding) const {
  std::vector<const pf::TraceEntry*> order;
  order.reserve(entries_.size());
  for (const pf::TraceEntry& e : entries_) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(),
                   [](const pf::TraceEntry* a, const pf::TraceEntry* b) { return a->time_ms < b->time_ms; });
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write the platform log " + path + ": " + std::strerror(errno));
  pf::FunctionTrace trace(out, encoding);
  for (const pf::TraceEntry* e : order) {
    // The card query has no SOAP form (onelink_query_json.hpp).
    const bool query = std::holds_alternative<pf::CardQuery>(e->message) ||
                       std::holds_alternative<pf::CardQueryAnswer>(e->message);
    if (query && encoding == pf::TraceEncoding::Soap) continue;
    trace.entry(*e);
  }
  out.flush();
  if (!out) throw std::runtime_error("cannot write the platform log " + path + ": " + std::strerror(errno));
}

}  // namespace twinsim
