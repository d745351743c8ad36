// ModemCycle's BIP side (bip_links.hpp): the eUICC's channel to an SM-SR's
// admin server for ES5 over HTTPS (SGP.02 §2.4.4; GP Amendment B). The
// admin server answers the bytes it takes at once; the answer reaches the
// device one way later (to_sm_sr), in one piece, which the card reads
// (RECEIVE DATA) before anything else happens on the device; an answer
// larger than the room in the modem's receive buffer comes in pieces of
// that room (TCP's flow control), each read before the next.
#include "twinsim/engine/modem_cycle.hpp"

#include <algorithm>

#include "twinsim/engine/bip_crossing.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/smsc_actor.hpp"

namespace twinsim {

namespace {
// The shortest wait for a window update (ours): with no route latency the
// retry still moves the clock on.
constexpr SimTime kWindowUpdateRetry = kUsPerSecond / 1000;
}  // namespace

namespace mdm = twinmodels::modem;
namespace topo = twinmodels::topology;

SimTime ModemCycle::to_sm_sr(std::uint8_t sm_sr) const {
  if (route_to_sm_sr_.size() <= sm_sr) route_to_sm_sr_.resize(sm_sr + 1u, -1);
  SimTime& one_way = route_to_sm_sr_[sm_sr];
  if (one_way < 0) one_way = bip_one_way(world_, mux_, sm_sr);
  return one_way;
}

void ModemCycle::up_to_admin_server(std::uint32_t device, SimTime t, SmsUp::Kind kind, const BipLinks::Link& link,
                                    const cardcore::Bytes* data) {
  SmsUp up;
  up.kind = kind;
  up.device = device;
  up.t = t;
  up.sm_sr = link.sm_sr;
  up.seq = link.seq;
  up.channel = link.channel;
  if (data) up.bytes = keep_sms_bytes(world_, {*data});
  world_.shard_sms_up->push_back(up);
}

void ModemCycle::from_admin_server(const SmsDown& down, const SmsBytes& bytes, SimTime now) {
  BipLinks::Link* link = mw_.bip.of(down.device);
  // The device's link of that open, still there (else its CloseBearer
  // crossed, and closes the admin server's side).
  if (!link || link->seq != down.seq) return;
  const SimTime at = std::max(down.due + to_sm_sr(link->sm_sr), now);
  switch (down.kind) {
    case SmsDown::Kind::BipOpened:
      if (down.tag != 0) {
        mw_.bip.close(down.device);
        schedule(down.device, at, Step::ChannelDropped, down.channel);
        return;
      }
      link->connection = down.connection;
      schedule(down.device, at, Step::ChannelUp, static_cast<std::uint16_t>(down.connection));
      return;
    case SmsDown::Kind::BipAnswer:
      link->down.push_back(bytes.at(0));
      schedule(down.device, at, Step::ChannelData);
      return;
    case SmsDown::Kind::BipDropped:
      mw_.bip.close(down.device);
      schedule(down.device, at, Step::ChannelDropped, down.channel);
      return;
    default: return;
  }
}

void ModemCycle::open_bearer(std::uint32_t device, SimTime t, const mdm::OpenBearer& b) {
  close_bearer(device, t);  // the modem has one channel: an old link is gone
  const std::optional<std::uint8_t> sr =
      b.protocol == 0x02 ? BipLinks::admin_server(world_.scenario, b.destination, b.port) : std::nullopt;
  if (sr && world_.shard_sms_up) {
    // A sharded run: the admin server on rank 0 answers (bip_crossing.hpp).
    mw_.bip.open(device, BipLinks::Link{*sr, BipLinks::kPending, b.channel, {}, mw_.bip.next_seq()});
    up_to_admin_server(device, t, SmsUp::Kind::BipOpen, *mw_.bip.of(device), nullptr);
    return;
  }
  // Nothing listens there (no admin server, or its SM-SR crashed and not
  // up again), or the admin server holds its most connections: the
  // connection fails, the link drops.
  const bool down = sr && !mw_.sm_srs->at(*sr).admin_server_up(t + to_sm_sr(*sr));
  const bool full = sr && !down && mw_.bip.open_at(*sr) >= world_.scenario.sm_srs[*sr].https->max_sessions;
  if (!sr || full || down) {
    ++(down ? mw_.bip.counters().crashed : full ? mw_.bip.counters().refused : mw_.bip.counters().unreachable);
    // The admin server's host answers the SYN with a reset a round trip
    // later; an address no admin server has fails at the access node.
    schedule(device, sr ? t + 2 * to_sm_sr(*sr) : uplink(t) + (uplink(t) - t), Step::ChannelDropped, b.channel);
    if (full) {
      // The SM-SR learns it from its admin server: the push goes again.
      const SimTime at = t + to_sm_sr(*sr);
      mw_.sm_srs->at(*sr).https_refused(at, device);
      pass_smsr_outputs(world_, at);
    }
    return;
  }
  SmSrRun& smsr = mw_.sm_srs->at(*sr);
  BipCounters& c = mw_.bip.counters();
  const std::uint32_t id = smsr.https_accept(admin_tls_seed(world_.scenario.general.seed, *sr, c.sessions));
  ++c.sessions;
  mw_.bip.open(device, BipLinks::Link{*sr, id, b.channel, {}});
  // TCP's handshake: the SYN reaches the admin server one way on, its
  // SYN-ACK comes back; then the modem answers OPEN CHANNEL (TS 102 223
  // §6.4.27) and the card's first bytes go.
  schedule(device, t + 2 * to_sm_sr(*sr), Step::ChannelUp, static_cast<std::uint16_t>(id));
}

void ModemCycle::channel_send(std::uint32_t device, SimTime t, const mdm::SendChannelData& d) {
  BipLinks::Link* link = mw_.bip.of(device);
  if (!link || link->channel != d.channel) return;
  if (world_.shard_sms_up) return up_to_admin_server(device, t, SmsUp::Kind::BipData, *link, &d.data);
  const SimTime one_way = to_sm_sr(link->sm_sr);
  if (mw_.sm_srs->at(link->sm_sr).https_cut(t + one_way, link->connection)) {
    // The SM-SR crashed since the connection opened: a TCP reset answers.
    ++mw_.bip.counters().crashed;
    mw_.bip.close(device);
    schedule(device, t + 2 * one_way, Step::ChannelDropped, d.channel);
    return;
  }
  mw_.bip.counters().bytes_up += d.data.size();
  cardcore::Bytes answer = mw_.sm_srs->at(link->sm_sr).https_receive(t + one_way, link->connection, d.data);
  pass_smsr_outputs(world_, t + one_way);
  if (answer.empty()) return;
  mw_.bip.counters().bytes_down += answer.size();
  link->down.push_back(std::move(answer));
  schedule(device, t + 2 * one_way, Step::ChannelData);
}

void ModemCycle::close_bearer(std::uint32_t device, SimTime t) {
  BipLinks::Link* link = mw_.bip.of(device);
  if (!link) return;
  if (world_.shard_sms_up) {
    up_to_admin_server(device, t, SmsUp::Kind::BipClose, *link, nullptr);
    mw_.bip.close(device);
    return;
  }
  const SimTime at = t + to_sm_sr(link->sm_sr);
  mw_.sm_srs->at(link->sm_sr).https_closed(at, link->connection);
  mw_.bip.close(device);
  pass_smsr_outputs(world_, at);
}

void ModemCycle::channel_data(std::uint32_t device, SimTime now) {
  BipLinks::Link* link = mw_.bip.of(device);
  if (!link || link->down.empty()) return;  // the channel closed meanwhile
  const std::uint8_t channel = link->channel;
  // TCP's flow control: the admin server sends no more than the modem's
  // receive buffer has room for; the rest once the card has read it (at
  // once when the card read the piece meanwhile, else after a window
  // update a round trip later).
  for (;;) {
    link = mw_.bip.of(device);
    if (!link || link->down.empty()) return;
    const std::size_t room = mw_.modems[slot(device)].channel_room();
    cardcore::Bytes& front = link->down.front();
    if (front.size() <= room) break;
    if (room == 0) {
      schedule(device, now + std::max<SimTime>(2 * to_sm_sr(link->sm_sr), kWindowUpdateRetry), Step::ChannelData);
      return;
    }
    const cardcore::Bytes piece(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(room));
    front.erase(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(room));
    input(device, now, mdm::ChannelDataReceived{channel, piece});
  }
  const cardcore::Bytes bytes = std::move(link->down.front());
  link->down.pop_front();
  input(device, now, mdm::ChannelDataReceived{channel, bytes});
}

}  // namespace twinsim
