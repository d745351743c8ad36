// OneNetRun::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (state/state_bytes.hpp):
//
//   "ONRN", version u16 (1)
//   followed devices u32, then one u8 each, in population order of
//     platforms.onenet: 1 when OneNET last heard it attach, 0 else
//   messages on their way u32 x (arrival i64, kind u8: 0 register,
//     1 suspend, 2 resume, 3 remove, 4 connect, 5 disconnect, 6 data point,
//     device u32), in arrival order
//   OneNet::save_state() (a blob, ONET)
//   CRC-32 u32 of everything before it
#include <stdexcept>
#include <string>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/onenet_run.hpp"

namespace twinsim {

cardcore::Bytes OneNetRun::save_state() const {
  namespace st = twinmodels::state;
  cardcore::Bytes out;
  st::put_header(out, "ONRN", 1);
  st::put_u32(out, static_cast<std::uint32_t>(attached_.size()));
  for (bool a : attached_) st::put_u8(out, a ? 1 : 0);
  st::put_u32(out, static_cast<std::uint32_t>(inbound_.size()));
  for (const auto& [at, m] : inbound_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, static_cast<std::uint8_t>(m.kind));
    st::put_u32(out, m.device);
  }
  st::put_blob(out, onenet_.save_state());
  st::put_crc(out);
  return out;
}

void OneNetRun::restore_state(cardcore::ByteView in) {
  twinmodels::state::Reader r(in, "OneNET run");
  r.sealed_header("ONRN", 1);
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
  r.expect_end();
  // OneNET refuses a bad state before it changes anything.
  onenet_.restore_state(state);
  attached_ = std::move(attached);
  inbound_ = std::move(inbound);
}

}  // namespace twinsim
