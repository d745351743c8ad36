#include "twinsim/engine/sm_dp_backups.hpp"

#include <string>

#include "twinmodels/platform/sm_dp.hpp"

namespace twinsim {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

SmDpBackups::SmDpBackups(const Scenario& s, std::uint8_t index)
    : steps_(s, [index](const FaultSpec& f) { return f.target == FaultTarget::SmDp && f.sm_dp == index; }) {}

void SmDpBackups::run_next(pf::SmDp& smdp) {
  steps_.run_next([&smdp] { return smdp.stock_records(); },
                  [&](const Records& backup) { return smdp.restore_stock(backup); });
}

void SmDpBackups::save(cardcore::Bytes& out) const {
  steps_.save(out, [](cardcore::Bytes& o, const Records& records) {
    st::put_u32(o, static_cast<std::uint32_t>(records.size()));
    for (const pf::SubscriptionStock::Record& e : records) {
      st::put_text(o, e.iccid);
      st::put_u8(o, static_cast<std::uint8_t>(e.state));
      st::put_text(o, e.order);
      st::put_text(o, e.eid);
    }
  });
}

void SmDpBackups::restore(st::Reader& r) {
  steps_.restore(r, "stock entries restored", [](st::Reader& in) {
    Records records(in.count("backup stock entries", 13));
    for (pf::SubscriptionStock::Record& e : records) {
      e.iccid = in.text("backup ICCID", 20);
      if (&e != records.data() && !((&e - 1)->iccid < e.iccid)) in.fail("backup stock entries out of ICCID order");
      const std::uint8_t state = in.u8("backup stock state");
      if (state > static_cast<std::uint8_t>(pf::StockState::Withheld))
        in.fail("backup stock state " + std::to_string(state) + " is not one");
      e.state = static_cast<pf::StockState>(state);
      e.order = in.text("backup order", 256);
      e.eid = in.text("backup EID", 32);
    }
    return records;
  });
}

}  // namespace twinsim
