#include "twinsim/engine/sm_sr_backups.hpp"

#include "twinmodels/platform/sm_sr.hpp"

namespace twinsim {

namespace st = twinmodels::state;

SmSrBackups::SmSrBackups(const Scenario& s, std::uint8_t index)
    : steps_(s, [index](const FaultSpec& f) { return f.target == FaultTarget::SmSr && f.sm_sr == index; }) {}

void SmSrBackups::run_next(twinmodels::platform::SmSr& smsr) {
  steps_.run_next([&smsr] { return smsr.counters(); },
                  [&](const Counters& counters) {
                    for (const auto& [eid, counter] : counters) {
                      // An eUICC handed to another SM-SR since the backup is not this one's.
                      if (smsr.eis(eid) == nullptr || smsr.counter(eid) == counter) continue;
                      smsr.set_counter(eid, counter);
                      ++restored_;
                    }
                  });
}

void SmSrBackups::save(cardcore::Bytes& out) const {
  st::put_u32(out, steps_.done());
  st::put_u64(out, restored_);
  steps_.save_backups(out, [](cardcore::Bytes& o, const Counters& counters) {
    st::put_u32(o, static_cast<std::uint32_t>(counters.size()));
    for (const auto& [eid, counter] : counters) {
      st::put_text(o, eid);
      st::put_u64(o, counter);
    }
  });
}

void SmSrBackups::restore(st::Reader& r) {
  const std::uint32_t done = steps_.read_done(r);
  const std::uint64_t restored = r.u64("counters restored");
  std::map<std::uint16_t, Counters> taken = steps_.read_backups(r, done, [](st::Reader& in) {
    Counters counters(in.count("backup eUICCs", 12));
    for (auto& [eid, counter] : counters) {
      eid = in.text("backup EID", 32);
      counter = in.u64("backup counter");
      if (counter > cardcore::ota::kCounterMax) in.fail("eUICC " + eid + ": a backup counter above 'FFFFFFFFFF'");
    }
    return counters;
  });
  steps_.restore(done, std::move(taken));
  restored_ = restored;
}

}  // namespace twinsim
