// OneLinkRun::answer_query(): a customer API request's answer in a run
// (onelink_run.hpp; twinmodels::platform::answer_query(), the source
// document §3.2.1's online status query and fault diagnosis).
#include <stdexcept>
#include <string>

#include "twinmodels/platform/onelink_query.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/platform_log.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

pf::CardQuery OneLinkRun::card_query(std::uint16_t population, const std::vector<std::uint32_t>& devices,
                                     const std::string& request_id) const {
  // The customer of population p's account asks about its cards (the
  // account's id is the population's name).
  pf::CardQuery q;
  q.request_id = request_id;
  q.account_id = scenario_.populations[population].name;
  q.iccids.reserve(devices.size());
  for (const std::uint32_t d : devices) q.iccids.push_back(iccid_of(population, d));
  return q;
}

void OneLinkRun::log_query(SimTime t, std::uint16_t population, const std::vector<std::uint32_t>& devices,
                           const std::string& request_id) {
  if (log_) log_->query(t, card_query(population, devices, request_id));
}

void OneLinkRun::answer_query(SimTime t, std::uint16_t population, const std::vector<std::uint32_t>& devices,
                              const std::string& request_id, RunFile& out) {
  poll(t, out);  // what reached OneLink by then
  const pf::CardQuery q = card_query(population, devices, request_id);
  const pf::CardQueryAnswer a = pf::answer_query(onelink_, q, static_cast<std::int64_t>(t / 1000));
  if (log_) log_->query_answer(t, a);
  if (a.refusal != pf::QueryRefusal::None)
    throw std::logic_error(std::string("OneLink refused a query of its own cards: ") + pf::to_string(a.refusal));
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const pf::FaultReason reason = a.cards[i].diagnosis;
    ++counters_.queries;
    if (reason != pf::FaultReason::NotOffline) ++counters_.queries_offline;
    out.add_event(to_seconds(t), devices[i], onelink_query_kind(), static_cast<std::int64_t>(reason));
  }
}

}  // namespace twinsim
