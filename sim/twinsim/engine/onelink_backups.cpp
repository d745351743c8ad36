#include "twinsim/engine/onelink_backups.hpp"

#include "twinmodels/platform/onelink.hpp"

namespace twinsim {

namespace st = twinmodels::state;

OneLinkBackups::OneLinkBackups(const Scenario& s)
    : steps_(s, [](const FaultSpec& f) { return f.target == FaultTarget::OneLink; }) {}

void OneLinkBackups::run_next(twinmodels::platform::OneLink& onelink) {
  steps_.run_next([&onelink] { return onelink.expectations(); },
                  [&](const Expectations& expected) {
                    std::uint64_t moved = 0;
                    for (const auto& [iccid, sub] : expected) {
                      // A card whose number moved since is another record now.
                      const twinmodels::platform::Card* card = onelink.card(iccid);
                      if (card == nullptr || card->expected == sub) continue;
                      onelink.set_expected(iccid, sub);
                      ++moved;
                    }
                    return moved;
                  });
}

void OneLinkBackups::save(cardcore::Bytes& out) const {
  steps_.save(out, [](cardcore::Bytes& o, const Expectations& expected) {
    st::put_u32(o, static_cast<std::uint32_t>(expected.size()));
    for (const auto& [iccid, sub] : expected) {
      st::put_text(o, iccid);
      st::put_text(o, sub.iccid);
      st::put_text(o, sub.imsi);
      st::put_text(o, sub.msisdn);
    }
  });
}

void OneLinkBackups::restore(st::Reader& r) {
  steps_.restore(r, "expectations restored", [](st::Reader& in) {
    Expectations expected(in.count("backup cards", 16));
    for (auto& [iccid, sub] : expected) {
      iccid = in.text("backup ICCID", 20);
      sub.iccid = in.text("backup expected ICCID", 20);
      sub.imsi = in.text("backup expected IMSI", 15);
      sub.msisdn = in.text("backup expected MSISDN", 15);
    }
    return expected;
  });
}

}  // namespace twinsim
