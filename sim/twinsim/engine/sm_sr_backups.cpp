#include "twinsim/engine/sm_sr_backups.hpp"

#include "twinmodels/platform/sm_sr.hpp"

namespace twinsim {

namespace st = twinmodels::state;

SmSrBackups::SmSrBackups(const Scenario& s, std::uint8_t index)
    : steps_(s, [index](const FaultSpec& f) { return f.target == FaultTarget::SmSr && f.sm_sr == index; }) {}

void SmSrBackups::run_next(twinmodels::platform::SmSr& smsr) {
  steps_.run_next([&smsr] { return smsr.counters(); },
                  [&](const Counters& counters) {
                    std::uint64_t moved = 0;
                    for (const auto& [eid, counter] : counters) {
                      // An eUICC handed to another SM-SR since the backup is not this one's.
                      if (smsr.eis(eid) == nullptr || smsr.counter(eid) == counter) continue;
                      smsr.set_counter(eid, counter);
                      ++moved;
                    }
                    return moved;
                  });
}

void SmSrBackups::save(cardcore::Bytes& out) const {
  steps_.save(out, [](cardcore::Bytes& o, const Counters& counters) {
    st::put_u32(o, static_cast<std::uint32_t>(counters.size()));
    for (const auto& [eid, counter] : counters) {
      st::put_text(o, eid);
      st::put_u64(o, counter);
    }
  });
}

void SmSrBackups::restore(st::Reader& r) {
  steps_.restore(r, "counters restored", [](st::Reader& in) {
    Counters counters(in.count("backup eUICCs", 12));
    for (auto& [eid, counter] : counters) {
      eid = in.text("backup EID", 32);
      counter = in.u64("backup counter");
      if (counter > cardcore::ota::kCounterMax) in.fail("eUICC " + eid + ": a backup counter above 'FFFFFFFFFF'");
    }
    return counters;
  });
}

}  // namespace twinsim
