#include "twinsim/engine/bip_crossing.hpp"

#include <algorithm>

#include "cardcore/ecasd/sha256.hpp"

#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/sms_crossing.hpp"
#include "twinsim/engine/smsc_actor.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

namespace {

// When `up`, made at `made`, reaches SM-SR `sm_sr`'s admin server.
SimTime at_admin_server(const World& w, const SmsUp& up, std::uint8_t sm_sr, SimTime made) {
  return made + bip_one_way(w, mux_index_of(w, up.device), sm_sr);
}

// What the admin server did for the device's open `up.seq`, to its rank.
SmsDown down_of(const World& w, const SmsUp& up, SmsDown::Kind kind, SimTime made, SimTime acted) {
  SmsDown d;
  d.kind = kind;
  d.mux = mux_index_of(w, up.device);
  d.device = up.device;
  d.at = made;
  d.due = acted;
  d.seq = up.seq;
  d.channel = up.channel;
  return d;
}

void open(World& w, const SmsUp& up, SimTime made) {
  ModemWorld& mw = *w.modem;
  BipServers& servers = mw.bip_servers;
  BipCounters& c = mw.bip.counters();
  const SimTime at = at_admin_server(w, up, up.sm_sr, made);
  SmSrRun& smsr = mw.sm_srs->at(up.sm_sr);
  SmsDown d = down_of(w, up, SmsDown::Kind::BipOpened, made, at);
  // As modem_bip_cycle.cpp's open_bearer: nothing listens while the SM-SR
  // is down, a full admin server refuses (and its SM-SR pushes again).
  const bool down = !smsr.admin_server_up(at);
  const bool full = !down && servers.open.at(up.sm_sr) >= w.scenario.sm_srs[up.sm_sr].https->max_sessions;
  if (down || full) {
    ++(down ? c.crashed : c.refused);
    d.tag = down ? 1 : 2;
    if (full) {
      smsr.https_refused(at, up.device);
      pass_smsr_outputs(w, at);
    }
    w.shard_sms_down->push_back(d);
    return;
  }
  d.connection = smsr.https_accept(admin_tls_seed(w.scenario.general.seed, up.sm_sr, c.sessions));
  ++c.sessions;
  ++servers.open.at(up.sm_sr);
  servers.by_device[up.device] = {up.sm_sr, d.connection, up.seq};
  w.shard_sms_down->push_back(d);
}

void data(World& w, const SmsUp& up, cardcore::ByteView bytes, SimTime made) {
  ModemWorld& mw = *w.modem;
  const auto it = mw.bip_servers.by_device.find(up.device);
  if (it == mw.bip_servers.by_device.end() || it->second.seq != up.seq) return;  // reset or closed meanwhile
  const BipServers::Connection link = it->second;
  BipCounters& c = mw.bip.counters();
  const SimTime at = at_admin_server(w, up, link.sm_sr, made);
  SmSrRun& smsr = mw.sm_srs->at(link.sm_sr);
  if (smsr.https_cut(at, link.connection)) {
    // The SM-SR crashed since the connection opened: a TCP reset answers.
    ++c.crashed;
    --mw.bip_servers.open.at(link.sm_sr);
    mw.bip_servers.by_device.erase(it);
    w.shard_sms_down->push_back(down_of(w, up, SmsDown::Kind::BipDropped, made, at));
    return;
  }
  c.bytes_up += bytes.size();
  cardcore::Bytes answer = smsr.https_receive(at, link.connection, bytes);
  pass_smsr_outputs(w, at);
  if (answer.empty()) return;
  c.bytes_down += answer.size();
  SmsDown d = down_of(w, up, SmsDown::Kind::BipAnswer, made, at);
  d.connection = link.connection;
  d.bytes = keep_sms_bytes(w, {std::move(answer)});
  w.shard_sms_down->push_back(d);
}

void close(World& w, const SmsUp& up, SimTime made) {
  ModemWorld& mw = *w.modem;
  const auto it = mw.bip_servers.by_device.find(up.device);
  if (it == mw.bip_servers.by_device.end() || it->second.seq != up.seq) return;
  const BipServers::Connection link = it->second;
  const SimTime at = at_admin_server(w, up, link.sm_sr, made);
  mw.sm_srs->at(link.sm_sr).https_closed(at, link.connection);
  --mw.bip_servers.open.at(link.sm_sr);
  mw.bip_servers.by_device.erase(it);
  pass_smsr_outputs(w, at);
}

}  // namespace

cardcore::Bytes admin_tls_seed(std::uint64_t seed, std::uint8_t sm_sr, std::uint64_t n) {
  cardcore::Bytes m = {'a', 'd', 'm', 'i', 'n', '-', 't', 'l', 's', sm_sr};
  for (int i = 0; i < 8; ++i) m.push_back(static_cast<std::uint8_t>(seed >> (8 * i)));
  for (int i = 0; i < 8; ++i) m.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  const cardcore::ecasd::Sha256Digest d = cardcore::ecasd::sha256(m);
  return cardcore::Bytes(d.begin(), d.end());
}

SimTime bip_one_way(const World& w, std::uint8_t mux, std::uint8_t sm_sr) {
  const NetworkPlan& plan = w.network;
  const std::string& node = w.scenario.sm_srs.at(sm_sr).node;
  const twinmodels::topology::NodeId at = node.empty() ? plan.hss : plan.topology.at(node);
  // The loader made sure every access node reaches an admin server's SM-SR.
  const auto& l = w.modem->latency;
  return l.radio_one_way + l.s1ap_one_way + l.mme_processing +
         to_simtime(plan.topology.require_route(plan.mux_node.at(mux), at).latency_s);
}

void admin_server_takes(World& w, const SmsUp& up, cardcore::ByteView data_bytes, SimTime at) {
  switch (up.kind) {
    case SmsUp::Kind::BipOpen: open(w, up, at); return;
    case SmsUp::Kind::BipData: data(w, up, data_bytes, at); return;
    case SmsUp::Kind::BipClose: close(w, up, at); return;
    default: return;
  }
}

}  // namespace twinsim
