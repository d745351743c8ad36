// The MNOs' notification endpoints as servers (mno_servers.hpp; SGP.02
// §5.1.3).
#include "twinsim/engine/mno_servers.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/mno_notifications.hpp"
#include "twinsim/engine/notification_state.hpp"

namespace twinsim {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

namespace {

// MNO i's server: platforms.mno[i]'s, with its outages and the run's seed.
pf::ServerConfig mno_server_config(const Scenario& s, const MnoEndpoints& endpoints, std::size_t i) {
  pf::ServerConfig c = s.mno_servers[i].server;
  c.outages = endpoints.outages(s.mno_servers[i].operator_name);
  c.seed = s.general.seed + i;
  return c;
}

}  // namespace

MnoServers::MnoServers(const Scenario& s) : scenario_(s) {
  const MnoEndpoints endpoints(s);
  for (std::size_t i = 0; i < s.mno_servers.size(); ++i) {
    mnos_.push_back(Mno{s.mno_servers[i].host, pf::PlatformServer(mno_server_config(s, endpoints, i)), {}});
    index_[s.mno_servers[i].operator_name] = static_cast<std::uint8_t>(i);
  }
}

pf::Admission MnoServers::submit(SimTime t, std::uint8_t attempt, bool waits, const pf::PlatformNotification& n) {
  t = last_t_ = std::max(last_t_, t);
  const std::uint8_t i = index_.at(n.to);
  const std::uint64_t id = next_id_++;
  const pf::Admission a = mnos_[i].server.submit(t, id, pf::notification_name(n));
  if (a == pf::Admission::Accepted) in_server_.emplace(id, InServer{i, attempt, waits, n});
  return a;
}

void MnoServers::poll(SimTime t) {
  t = last_t_ = std::max(last_t_, t);
  for (Mno& m : mnos_) {
    m.server.poll(t);
    for (const pf::ServedRequest& r : m.server.take_done()) {
      auto it = in_server_.find(r.id);
      // Acknowledged: the MNO has it. Failed inside: the sender hears an
      // error and, if it waits, sends it again.
      if (r.failed && it->second.waits)
        failed_.emplace(r.done, MnoFailure{r.done, it->second.attempt, std::move(it->second.notification)});
      in_server_.erase(it);
    }
  }
}

SimTime MnoServers::next_wakeup() const {
  SimTime next = twinmodels::kNever;
  for (const Mno& m : mnos_) next = std::min(next, m.server.next_wakeup());
  return next;
}

std::vector<MnoFailure> MnoServers::take_failed(const std::string& interface, const std::string& sender) {
  std::vector<MnoFailure> out;
  for (auto it = failed_.begin(); it != failed_.end();) {
    if (it->second.notification.interface == interface && it->second.notification.from == sender) {
      out.push_back(std::move(it->second));
      it = failed_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

SimTime MnoServers::failed_at(const std::string& interface, const std::string& sender) const {
  for (const auto& [at, f] : failed_) {
    if (f.notification.interface == interface && f.notification.from == sender) return at;
  }
  return twinmodels::kNever;
}

MnoServerCounters MnoServers::counters() const {
  MnoServerCounters c;
  for (const Mno& m : mnos_) {
    const pf::ServerCounters& x = m.server.counters();
    c.admitted += x.admitted;
    c.acknowledged += x.served;
    c.refused += x.down + x.rate_limited + x.queue_full;
    c.failed += x.failed;
  }
  return c;
}

cardcore::Bytes MnoServers::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, "MNOS", 1);
  st::put_u64(out, static_cast<std::uint64_t>(last_t_));
  st::put_u64(out, next_id_);
  st::put_u8(out, static_cast<std::uint8_t>(mnos_.size()));
  for (const Mno& m : mnos_) {
    pf::put_server_counters(out, m.sampled);
    st::put_blob(out, m.server.save_state());
  }
  st::put_u32(out, static_cast<std::uint32_t>(in_server_.size()));
  for (const auto& [id, x] : in_server_) {
    st::put_u64(out, id);
    st::put_u8(out, x.mno);
    st::put_u8(out, x.attempt);
    st::put_u8(out, x.waits ? 1 : 0);
    put_notification(out, x.notification);
  }
  st::put_u32(out, static_cast<std::uint32_t>(failed_.size()));
  for (const auto& [at, f] : failed_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, f.attempt);
    put_notification(out, f.notification);
  }
  st::put_crc(out);
  return out;
}

void MnoServers::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "MNO servers");
  r.sealed_header("MNOS", 1);
  const auto last_t = static_cast<SimTime>(r.u64("last server time"));
  const std::uint64_t next_id = r.u64("next request id");
  if (next_id == 0) r.fail("the next request id is 0 (they start at 1)");
  const std::uint8_t n = r.u8("MNOs");
  if (n != mnos_.size())
    r.fail("saved with " + std::to_string(n) + " MNO servers, the scenario has " + std::to_string(mnos_.size()));
  const MnoEndpoints endpoints(scenario_);
  std::vector<Mno> mnos;
  for (std::size_t i = 0; i < n; ++i) {
    const pf::ServerCounters sampled = pf::read_server_counters(r);
    const cardcore::Bytes server_state = r.blob("MNO server", std::size_t{1} << 31);
    pf::PlatformServer server(mno_server_config(scenario_, endpoints, i));
    try {
      server.restore_state(server_state);
    } catch (const std::invalid_argument& e) {
      r.fail(e.what());
    }
    mnos.push_back(Mno{mnos_[i].host, std::move(server), sampled});
  }
  // A notification to MNO i: to its operator, over ES2 or ES4.
  auto check = [&](const pf::PlatformNotification& x, std::size_t i) {
    if (x.to != scenario_.mno_servers[i].operator_name || (x.interface != "ES2" && x.interface != "ES4"))
      r.fail(pf::notification_name(x) + " to '" + x.to + "' is not one to MNO '" +
             scenario_.mno_servers[i].operator_name + "'");
  };
  std::map<std::uint64_t, InServer> in_server;
  std::vector<std::size_t> held(n, 0);
  for (std::uint32_t k = r.count("notifications in the MNOs' servers", 20); k > 0; --k) {
    const std::uint64_t id = r.u64("request id");
    if (id >= next_id || (!in_server.empty() && id <= in_server.rbegin()->first))
      r.fail("request " + std::to_string(id) + " out of order or not yet made");
    InServer x;
    x.mno = r.u8("notification's MNO");
    if (x.mno >= n) r.fail("MNO " + std::to_string(x.mno) + " is not one of the scenario's " + std::to_string(n));
    x.attempt = r.u8("notification's attempt");
    if (x.attempt < 1) r.fail("a notification's attempt 0 is not one");
    x.waits = r.flag("notification's sender waits");
    x.notification = read_notification(r);
    check(x.notification, x.mno);
    ++held[x.mno];
    in_server.emplace_hint(in_server.end(), id, std::move(x));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (mnos[i].server.queued() + mnos[i].server.in_service() != held[i])
      r.fail("MNO '" + scenario_.mno_servers[i].operator_name + "'s server holds " +
             std::to_string(mnos[i].server.queued() + mnos[i].server.in_service()) + " notifications, the run " +
             std::to_string(held[i]));
  }
  std::multimap<SimTime, MnoFailure> failed;
  SimTime last = 0;
  for (std::uint32_t k = r.count("notifications failed inside the MNOs' servers", 20); k > 0; --k) {
    MnoFailure f;
    f.at = r.i64("failure's time");
    if (f.at < last || f.at > last_t) r.fail("failure's time " + std::to_string(f.at) + " out of order or after the last poll");
    last = f.at;
    f.attempt = r.u8("failed notification's attempt");
    if (f.attempt < 1) r.fail("a notification's attempt 0 is not one");
    f.notification = read_notification(r);
    const auto it = index_.find(f.notification.to);
    if (it == index_.end()) r.fail("a failed notification to '" + f.notification.to + "', which is no MNO server");
    check(f.notification, it->second);
    failed.emplace_hint(failed.end(), f.at, std::move(f));
  }
  r.expect_end();
  mnos_ = std::move(mnos);
  in_server_ = std::move(in_server);
  failed_ = std::move(failed);
  next_id_ = next_id;
  last_t_ = last_t;
}

}  // namespace twinsim
