#include "twinsim/engine/onelink_api_run.hpp"

#include <algorithm>
#include <stdexcept>

#include "twinmodels/platform/onelink_query.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

namespace {

// onelink_query_refused's value: why (event_kinds.hpp).
std::int64_t refusal_code(pf::Admission a) {
  switch (a) {
    case pf::Admission::Down: return 1;
    case pf::Admission::RateLimited: return 2;
    case pf::Admission::QueueFull: return 3;
    case pf::Admission::Accepted: break;
  }
  return 0;
}
constexpr std::int64_t kFailedInside = 4;

}  // namespace

pf::ServerConfig onelink_server_config(const Scenario& s) {
  return server_config_of(s, s.onelink.server, FaultTarget::OneLink);
}

OneLinkApiRun::OneLinkApiRun(const Scenario& s, const std::vector<Submission>& submissions)
    : scenario_(s), server_(onelink_server_config(s)) {
  charge_cards(server_);
  for (const Submission& sub : submissions) {
    if (s.campaigns[sub.campaign].kind == CampaignKind::OneLinkQuery) ++left_[sub.campaign];
  }
}

void OneLinkApiRun::charge_cards(pf::PlatformServer& server) {
  const twinmodels::NetTime per_card = scenario_.onelink.service_time_per_card;
  if (per_card == 0) return;
  server.set_extra_service([this, per_card](std::uint64_t id) {
    return per_card * static_cast<twinmodels::NetTime>(in_server_.at(id).devices.size());
  });
}

void OneLinkApiRun::release(SimTime t, std::uint16_t campaign, std::uint32_t device, OneLinkRun& onelink,
                            RunFile& out) {
  poll(t, onelink, out);
  std::vector<std::uint32_t>& cards = gathered_[campaign];
  cards.push_back(device);
  const std::uint64_t left = --left_.at(campaign);
  if (cards.size() < scenario_.campaigns[campaign].cards_per_request && left > 0) return;
  Request r{campaign, std::move(cards)};
  gathered_.erase(campaign);
  send(t, std::move(r), onelink, out);
}

void OneLinkApiRun::send(SimTime t, Request r, OneLinkRun& onelink, RunFile& out) {
  t = server_time(t);
  const std::uint64_t id = next_id_++;
  ++counters_.requests;
  onelink.log_query(t, scenario_.campaigns[r.campaign].population, r.devices, std::to_string(id));
  // In the run's hands before the server, which may start its service at
  // once and asks for its cards.
  const auto it = in_server_.emplace(id, std::move(r)).first;
  const pf::Admission a = server_.submit(t, id, pf::kQueryCardsFunction);
  if (a == pf::Admission::Accepted) return;
  const Request refused_request = std::move(it->second);
  in_server_.erase(it);
  refused(t, refused_request, refusal_code(a), out);
}

void OneLinkApiRun::refused(SimTime t, const Request& r, std::int64_t why, RunFile& out) {
  ++counters_.requests_refused;
  counters_.cards_refused += r.devices.size();
  out.add_event(to_seconds(t), r.devices.front(), onelink_query_refused_kind(), why);
}

void OneLinkApiRun::poll(SimTime t, OneLinkRun& onelink, RunFile& out) {
  t = server_time(t);
  server_.poll(t);
  for (const pf::ServedRequest& s : server_.take_done()) {
    const Request r = std::move(in_server_.at(s.id));
    in_server_.erase(s.id);
    const SimTime at = std::min(t, static_cast<SimTime>(s.done));
    if (s.failed) {
      refused(at, r, kFailedInside, out);
      continue;
    }
    ++counters_.requests_answered;
    onelink.answer_query(at, scenario_.campaigns[r.campaign].population, r.devices, std::to_string(s.id), out);
    out.add_event(to_seconds(at), r.devices.front(), onelink_query_request_kind(),
                  static_cast<std::int64_t>(r.devices.size()));
  }
}

// "OLAP", version u16 (1), requests u64, answered u64, refused u64, cards
// refused u64, the server's counters at the last /platforms row
// (put_server_counters), next request id u64, last server time i64,
// campaigns u32 x (campaign u16, cards not released yet u64, gathered
// u32 x device u32) in campaign order, requests in the server u32 x (id
// u64, campaign u16, devices u32 x u32) in id order, the server's state
// (a blob), CRC-32 u32 of everything before it.
cardcore::Bytes OneLinkApiRun::save_state() const {
  namespace st = twinmodels::state;
  cardcore::Bytes out;
  st::put_header(out, "OLAP", 1);
  st::put_u64(out, counters_.requests);
  st::put_u64(out, counters_.requests_answered);
  st::put_u64(out, counters_.requests_refused);
  st::put_u64(out, counters_.cards_refused);
  pf::put_server_counters(out, sampled_);
  st::put_u64(out, next_id_);
  st::put_u64(out, static_cast<std::uint64_t>(last_t_));
  st::put_u32(out, static_cast<std::uint32_t>(left_.size()));
  for (const auto& [c, left] : left_) {
    st::put_u16(out, c);
    st::put_u64(out, left);
    const auto g = gathered_.find(c);
    const std::size_t n = g == gathered_.end() ? 0 : g->second.size();
    st::put_u32(out, static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) st::put_u32(out, g->second[i]);
  }
  st::put_u32(out, static_cast<std::uint32_t>(in_server_.size()));
  for (const auto& [id, r] : in_server_) {
    st::put_u64(out, id);
    st::put_u16(out, r.campaign);
    st::put_u32(out, static_cast<std::uint32_t>(r.devices.size()));
    for (const std::uint32_t d : r.devices) st::put_u32(out, d);
  }
  st::put_blob(out, server_.save_state());
  st::put_crc(out);
  return out;
}

void OneLinkApiRun::restore_state(cardcore::ByteView in) {
  twinmodels::state::Reader r(in, "OneLink API run");
  r.sealed_header("OLAP", 1);
  OneLinkApiCounters counters;
  counters.requests = r.u64("requests");
  counters.requests_answered = r.u64("requests answered");
  counters.requests_refused = r.u64("requests refused");
  counters.cards_refused = r.u64("cards refused");
  if (counters.requests_answered + counters.requests_refused > counters.requests)
    r.fail("more requests answered and refused than sent");
  const pf::ServerCounters sampled = pf::read_server_counters(r);
  const std::uint64_t next_id = r.u64("next request id");
  if (next_id == 0) r.fail("the next request id is 0 (they start at 1)");
  const auto last_t = static_cast<SimTime>(r.u64("last server time"));
  // A device of campaign c's population.
  auto device_of = [&](std::uint16_t c, const char* what) {
    const std::uint32_t d = r.u32(what);
    const std::uint16_t p = scenario_.campaigns[c].population;
    if (d >= scenario_.device_count() || scenario_.population_of(d) != p)
      r.fail(std::string(what) + " " + std::to_string(d) + " is not of population '" + scenario_.populations[p].name + "'");
    return d;
  };
  std::map<std::uint16_t, std::uint64_t> left;
  std::map<std::uint16_t, std::vector<std::uint32_t>> gathered;
  for (std::uint32_t n = r.count("campaigns", 14); n > 0; --n) {
    const std::uint16_t c = r.u16("campaign");
    if (!left_.count(c)) r.fail("campaign " + std::to_string(c) + " is not one of the scenario's onelink-query campaigns");
    if (left.count(c)) r.fail("campaign " + std::to_string(c) + " saved twice");
    left[c] = r.u64("cards not released");
    if (left[c] > left_.at(c)) r.fail("campaign " + std::to_string(c) + " has more cards left than it releases");
    std::vector<std::uint32_t> cards(r.count("gathered cards", 4));
    if (cards.size() >= scenario_.campaigns[c].cards_per_request)
      r.fail("campaign " + std::to_string(c) + " gathered a full request without sending it");
    for (std::uint32_t& d : cards) d = device_of(c, "gathered card");
    if (!cards.empty()) gathered[c] = std::move(cards);
  }
  if (left.size() != left_.size()) r.fail("not every onelink-query campaign is saved");
  std::map<std::uint64_t, Request> in_server;
  for (std::uint32_t n = r.count("requests in the server", 14); n > 0; --n) {
    const std::uint64_t id = r.u64("request id");
    if (id >= next_id || (!in_server.empty() && id <= in_server.rbegin()->first))
      r.fail("request " + std::to_string(id) + " out of order or not yet made");
    Request q;
    q.campaign = r.u16("request's campaign");
    if (!left_.count(q.campaign))
      r.fail("campaign " + std::to_string(q.campaign) + " is not one of the scenario's onelink-query campaigns");
    q.devices.resize(r.count("request's cards", 4));
    if (q.devices.empty() || q.devices.size() > scenario_.campaigns[q.campaign].cards_per_request)
      r.fail("request " + std::to_string(id) + " names " + std::to_string(q.devices.size()) + " cards");
    for (std::uint32_t& d : q.devices) d = device_of(q.campaign, "request's card");
    in_server.emplace_hint(in_server.end(), id, std::move(q));
  }
  const cardcore::Bytes server_state = r.blob("server", std::size_t{1} << 31);
  r.expect_end();
  pf::PlatformServer server(onelink_server_config(scenario_));
  try {
    server.restore_state(server_state);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  if (server.queued() + server.in_service() > in_server.size())
    r.fail("the server holds requests the run does not");
  server_ = std::move(server);
  charge_cards(server_);
  counters_ = counters;
  sampled_ = sampled;
  next_id_ = next_id;
  last_t_ = last_t;
  left_ = std::move(left);
  gathered_ = std::move(gathered);
  in_server_ = std::move(in_server);
}

}  // namespace twinsim
