// OneNetRun::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (state/state_bytes.hpp):
//
//   "ONRN", version u16 (2; 1, without the server, is refused)
//   followed devices u32, then one u8 each, in population order of
//     platforms.onenet: 1 when OneNET last heard it attach, 0 else
//   messages on their way u32 x (arrival i64, kind u8: 0 register,
//     1 suspend, 2 resume, 3 remove, 4 connect, 5 disconnect, 6 data point,
//     device u32), in arrival order
//   OneNet::save_state() (a blob, ONET)
//   server requests u64, data points refused by the server u64,
//     registrations refused by it u64
//   server u8: 0 none (platforms.onenet has no server keys), 1 then
//     the server's counters at the last /platforms row (put_server_counters),
//     next request id u64, last server time i64, requests in the server
//     u32 x (id u64, kind u8: 0 register, 6 data point, device u32) in id
//     order, PlatformServer::save_state() (a blob)
//   CRC-32 u32 of everything before it
#include <stdexcept>
#include <string>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/onenet_run.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

cardcore::Bytes OneNetRun::save_state() const {
  namespace st = twinmodels::state;
  cardcore::Bytes out;
  st::put_header(out, "ONRN", 2);
  st::put_u32(out, static_cast<std::uint32_t>(attached_.size()));
  for (bool a : attached_) st::put_u8(out, a ? 1 : 0);
  st::put_u32(out, static_cast<std::uint32_t>(inbound_.size()));
  for (const auto& [at, m] : inbound_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, static_cast<std::uint8_t>(m.kind));
    st::put_u32(out, m.device);
  }
  st::put_blob(out, onenet_.save_state());
  st::put_u64(out, server_requests_);
  st::put_u64(out, datapoints_server_refused_);
  st::put_u64(out, registrations_server_refused_);
  st::put_u8(out, server_ ? 1 : 0);
  if (server_) {
    twinmodels::platform::put_server_counters(out, sampled_);
    st::put_u64(out, next_id_);
    st::put_u64(out, static_cast<std::uint64_t>(last_t_));
    st::put_u32(out, static_cast<std::uint32_t>(in_server_.size()));
    for (const auto& [id, m] : in_server_) {
      st::put_u64(out, id);
      st::put_u8(out, static_cast<std::uint8_t>(m.kind));
      st::put_u32(out, m.device);
    }
    st::put_blob(out, server_->save_state());
  }
  st::put_crc(out);
  return out;
}

void OneNetRun::restore_state(cardcore::ByteView in) {
  twinmodels::state::Reader r(in, "OneNET run");
  r.sealed_header("ONRN", 2);
  const std::uint32_t devices = r.count("followed devices", 1);
  if (devices != attached_.size())
    r.fail(std::to_string(devices) + " followed devices; the scenario's OneNET follows " +
           std::to_string(attached_.size()));
  std::vector<bool> attached(devices);
  for (std::uint32_t i = 0; i < devices; ++i) attached[i] = r.flag("attached");
  std::multimap<SimTime, Inbound> inbound;
  for (std::uint32_t n = r.count("messages on their way", 13); n > 0; --n) {
    const auto at = static_cast<SimTime>(r.u64("message arrival"));
    if (!inbound.empty() && at < inbound.rbegin()->first) r.fail("messages on their way out of arrival order");
    Inbound m;
    const std::uint8_t kind = r.u8("message kind");
    if (kind > static_cast<std::uint8_t>(Inbound::Kind::Datapoint)) r.fail("message kind " + std::to_string(kind) + " is not one");
    m.kind = static_cast<Inbound::Kind>(kind);
    m.device = r.u32("message's device");
    if (m.device >= scenario_.device_count() || !followed_[scenario_.population_of(m.device)])
      r.fail("device " + std::to_string(m.device) + " is not one OneNET follows");
    inbound.emplace_hint(inbound.end(), at, m);
  }
  const cardcore::Bytes state = r.blob("OneNET", std::size_t{1} << 31);
  const std::uint64_t requests = r.u64("server requests");
  const std::uint64_t dp_refused = r.u64("data points refused by the server");
  const std::uint64_t reg_refused = r.u64("registrations refused by the server");
  if (dp_refused + reg_refused > requests) r.fail("more requests refused by the server than sent to it");
  const bool has_server = r.flag("server");
  if (has_server != static_cast<bool>(server_))
    r.fail(has_server ? "saved with a server; the scenario's OneNET has none"
                      : "saved without a server; the scenario's OneNET has one");
  pf::ServerCounters sampled;
  std::uint64_t next_id = 1;
  SimTime last_t = 0;
  std::map<std::uint64_t, Inbound> in_server;
  std::unique_ptr<pf::PlatformServer> server;
  if (has_server) {
    sampled = pf::read_server_counters(r);
    next_id = r.u64("next request id");
    if (next_id == 0) r.fail("the next request id is 0 (they start at 1)");
    last_t = static_cast<SimTime>(r.u64("last server time"));
    for (std::uint32_t n = r.count("requests in the server", 13); n > 0; --n) {
      const std::uint64_t id = r.u64("request id");
      if (id >= next_id || (!in_server.empty() && id <= in_server.rbegin()->first))
        r.fail("request " + std::to_string(id) + " out of order or not yet made");
      Inbound m;
      const std::uint8_t kind = r.u8("request kind");
      if (kind != static_cast<std::uint8_t>(Inbound::Kind::Register) &&
          kind != static_cast<std::uint8_t>(Inbound::Kind::Datapoint))
        r.fail("request kind " + std::to_string(kind) + " is neither a registration nor a data point");
      m.kind = static_cast<Inbound::Kind>(kind);
      m.device = r.u32("request's device");
      if (m.device >= scenario_.device_count() || !followed_[scenario_.population_of(m.device)])
        r.fail("device " + std::to_string(m.device) + " is not one OneNET follows");
      in_server.emplace_hint(in_server.end(), id, m);
    }
    const cardcore::Bytes server_state = r.blob("server", std::size_t{1} << 31);
    server = std::make_unique<pf::PlatformServer>(onenet_server_config(scenario_));
    try {
      server->restore_state(server_state);
    } catch (const std::invalid_argument& e) {
      r.fail(e.what());
    }
    if (server->queued() + server->in_service() > in_server.size()) r.fail("the server holds requests the run does not");
  }
  r.expect_end();
  // OneNET refuses a bad state before it changes anything.
  onenet_.restore_state(state);
  attached_ = std::move(attached);
  inbound_ = std::move(inbound);
  server_requests_ = requests;
  datapoints_server_refused_ = dp_refused;
  registrations_server_refused_ = reg_refused;
  if (server_) server_ = std::move(server);
  sampled_ = sampled;
  next_id_ = next_id;
  last_t_ = last_t;
  in_server_ = std::move(in_server);
}

}  // namespace twinsim
