// SmSrRuns::save_state() / restore_state() and SmSrChanges' part
// (docs/CHECKPOINTS.md), little-endian (twinmodels/state/state_bytes.hpp):
//
//   "SRNS", version u16 (5; 4 had no calls settled by an audit in the
//     counters, 3 no PoR status in the counters and the
//     results, 2 no PSK version, 1 each change's side too)
//   SM-SRs u8 x SmSrRun::save_state() (blob), in platforms.sm_sr order
//   eUICCs moved by SM-SR changes u32 x (device u32, SM-SR u8), ascending
//   with SM-SR changes u8 (0 or 1), then SmSrChanges:
//     counters: calls, done, failed, expired, refused, notifications u64,
//       last_done_s (IEEE 754 bits, u64), as sm_sr_state_parts.hpp
//     outcomes not yet taken u32 x (at i64, device u32, event u8, value i64)
//     changes in flight u32 x (device u32, campaign u16, from u8, to u8,
//       phase u8, the call id awaited (text), ES7 SendData u8,
//       MNO id (text), key version u8, SCP81 PSK version u8 (0: none),
//       in phase Handover the
//       SmSrHandover's state), ascending by device
//   CRC-32 u32 of everything before it
#include <algorithm>
#include <stdexcept>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/sm_sr_changes.hpp"
#include "twinsim/engine/platform_lists.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/sm_sr_state_parts.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

constexpr char kSmSrRunsMagic[5] = "SRNS";
constexpr std::uint16_t kSmSrRunsVersion = 5;
constexpr std::size_t kMaxSmSrRunsText = 1024;

}  // namespace

cardcore::Bytes SmSrRuns::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kSmSrRunsMagic, kSmSrRunsVersion);
  put_platform_states(out, runs_);
  std::vector<std::uint32_t> moved;
  for (const auto& [d, sr] : moved_) moved.push_back(d);
  std::sort(moved.begin(), moved.end());
  st::put_u32(out, static_cast<std::uint32_t>(moved.size()));
  for (std::uint32_t d : moved) {
    st::put_u32(out, d);
    st::put_u8(out, moved_.at(d));
  }
  st::put_u8(out, changes_ ? 1 : 0);
  if (changes_) changes_->save_state(out);
  st::put_crc(out);
  return out;
}

// The SM-SRs restore in place (the SM-DP and the changes hold their
// models); a refusal may leave some restored, and the run is not resumed.
void SmSrRuns::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "SM-SR runs");
  r.sealed_header(kSmSrRunsMagic, kSmSrRunsVersion);
  const std::vector<cardcore::Bytes> states = read_platform_states(r, runs_.size(), "SM-SR");
  std::unordered_map<std::uint32_t, std::uint8_t> moved;
  for (std::uint32_t i = 0, m = r.count("eUICCs moved", 5); i < m; ++i) {
    const std::uint32_t d = r.u32("moved device");
    if (d >= devices_) r.fail("moved device " + std::to_string(d) + " is not a device of the run");
    const std::uint8_t sr = r.u8("its SM-SR");
    if (sr >= runs_.size()) r.fail("SM-SR " + std::to_string(sr) + " is not one of the scenario's");
    if (!moved.emplace(d, sr).second) r.fail("device " + std::to_string(d) + " moved twice");
  }
  const bool with_changes = r.flag("with SM-SR changes");
  if (with_changes != (changes_ != nullptr))
    r.fail(with_changes ? "SM-SR changes saved, the scenario has no smsr-change campaign"
                        : "no SM-SR changes saved, the scenario has smsr-change campaigns");
  try {
    for (std::size_t i = 0; i < runs_.size(); ++i) runs_[i]->restore_state(states[i]);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  moved_ = std::move(moved);
  if (changes_) changes_->restore_state(r);
  r.expect_end();
}

void SmSrChanges::save_state(cardcore::Bytes& out) const {
  put_sm_sr_counters(out, counters_);
  put_sm_sr_outcomes(out, outcomes_);
  st::put_u32(out, static_cast<std::uint32_t>(changes_.size()));
  for (const auto& [device, c] : changes_) {
    st::put_u32(out, device);
    st::put_u16(out, c.campaign);
    st::put_u8(out, c.from);
    st::put_u8(out, c.to);
    st::put_u8(out, static_cast<std::uint8_t>(c.phase));
    st::put_text(out, c.waiting);
    st::put_u8(out, c.es7_send_data ? 1 : 0);
    st::put_text(out, c.mno_id);
    st::put_u8(out, c.key_version);
    st::put_u8(out, c.psk_version);
    if (c.phase == Phase::Handover) c.handover->save_state(out);
  }
}

void SmSrChanges::restore_state(st::Reader& r) {
  const SmSrCounters counters = read_sm_sr_counters(r);
  std::vector<SmSrRun::Outcome> outcomes = read_sm_sr_outcomes(r, "SM-SR change outcomes", scenario_.device_count());
  std::map<std::uint32_t, Change> changes;
  for (std::uint32_t i = 0, n = r.count("SM-SR changes", 19); i < n; ++i) {
    const std::uint32_t device = r.u32("change's device");
    if (device >= scenario_.device_count()) r.fail("device " + std::to_string(device) + " is not a device of the run");
    Change c;
    c.campaign = r.u16("change's campaign");
    if (c.campaign >= scenario_.campaigns.size() || scenario_.campaigns[c.campaign].kind != CampaignKind::SmSrChange)
      r.fail("campaign " + std::to_string(c.campaign) + " is not an smsr-change campaign of the scenario");
    c.from = r.u8("current SM-SR");
    c.to = r.u8("new SM-SR");
    if (c.from >= runs_.size() || c.to >= runs_.size() || c.from == c.to)
      r.fail("SM-SRs " + std::to_string(c.from) + " and " + std::to_string(c.to) + " are no change of the scenario's");
    const std::uint8_t phase = r.u8("phase");
    if (phase > static_cast<std::uint8_t>(Phase::Handover)) r.fail("phase " + std::to_string(phase) + " is not one");
    c.phase = static_cast<Phase>(phase);
    c.waiting = r.text("call awaited", kMaxSmSrRunsText);
    c.es7_send_data = r.flag("ES7 SendData");
    c.mno_id = r.text("MNO", kMaxSmSrRunsText);
    c.key_version = r.u8("key version");
    c.psk_version = r.u8("PSK version");
    if (c.psk_version != 0 && (c.psk_version < 0x40 || c.psk_version > 0x4F))
      r.fail("PSK version " + std::to_string(c.psk_version) + " is not one of '40'-'4F'");
    if (c.phase == Phase::Handover) {
      c.handover = std::make_unique<pf::SmSrHandover>(pf::SmSrHandover::parse_state(
          r, runs_.at(c.from).model(), runs_.at(c.to).model(), handover_config(device, c)));
    }
    if (!changes.emplace(device, std::move(c)).second) r.fail("device " + std::to_string(device) + " changes twice");
  }
  counters_ = counters;
  outcomes_ = std::move(outcomes);
  changes_ = std::move(changes);
}

}  // namespace twinsim
