#pragma once
// The parts an SM-SR's run and the SM-SR changes both save
// (sm_sr_run_state.cpp, sm_sr_runs_state.cpp), little-endian:
//   counters: calls, done, failed, expired, refused, notifications u64,
//     last_done_s (IEEE 754 bits, u64), the calls failed by a PoR's error
//     per Response Status Code 00-0F u64 x 16, settled_by_audit u64
//   outcomes not yet taken u32 x (at i64, device u32, event u8, value i64)
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace twinsim {

inline void put_sm_sr_counters(cardcore::Bytes& out, const SmSrCounters& c) {
  for (std::uint64_t v : {c.calls, c.done, c.failed, c.expired, c.refused, c.notifications})
    twinmodels::state::put_u64(out, v);
  twinmodels::state::put_u64(out, std::bit_cast<std::uint64_t>(c.last_done_s));
  for (std::uint64_t v : c.por_status) twinmodels::state::put_u64(out, v);
  twinmodels::state::put_u64(out, c.settled_by_audit);
}

inline SmSrCounters read_sm_sr_counters(twinmodels::state::Reader& r) {
  SmSrCounters c;
  for (std::uint64_t* v : {&c.calls, &c.done, &c.failed, &c.expired, &c.refused, &c.notifications}) *v = r.u64("counter");
  c.last_done_s = std::bit_cast<double>(r.u64("last_done_s"));
  for (std::uint64_t& v : c.por_status) v = r.u64("PoR status counter");
  c.settled_by_audit = r.u64("settled_by_audit");
  if (c.settled_by_audit > c.done) r.fail("more calls settled by an audit than done");
  return c;
}

inline void put_sm_sr_outcomes(cardcore::Bytes& out, const std::vector<SmSrRun::Outcome>& outcomes) {
  namespace st = twinmodels::state;
  st::put_u32(out, static_cast<std::uint32_t>(outcomes.size()));
  for (const SmSrRun::Outcome& o : outcomes) {
    st::put_u64(out, static_cast<std::uint64_t>(o.at));
    st::put_u32(out, o.device);
    st::put_u8(out, static_cast<std::uint8_t>(o.event));
    st::put_u64(out, static_cast<std::uint64_t>(o.value));
  }
}

// `what` names the list in messages; a device at or past `devices` is refused.
inline std::vector<SmSrRun::Outcome> read_sm_sr_outcomes(twinmodels::state::Reader& r, const char* what,
                                                         std::uint64_t devices) {
  std::vector<SmSrRun::Outcome> outcomes(r.count(what, 21));
  for (SmSrRun::Outcome& o : outcomes) {
    o.at = static_cast<SimTime>(r.u64("outcome time"));
    o.device = r.u32("outcome's device");
    if (o.device >= devices) r.fail("outcome's device " + std::to_string(o.device) + " is not a device of the run");
    const std::uint8_t e = r.u8("outcome");
    if (e > static_cast<std::uint8_t>(SmSrEvent::AutoDeleteFailed)) r.fail("outcome " + std::to_string(e) + " is not one");
    o.event = static_cast<SmSrEvent>(e);
    o.value = static_cast<std::int64_t>(r.u64("outcome value"));
  }
  return outcomes;
}

}  // namespace twinsim
