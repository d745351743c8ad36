// SmDpRuns::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (twinmodels/state/state_bytes.hpp):
//
//   "SDPS", version u16 (1)
//   SM-DPs u8 x SmDpRun::save_state() (blob), in platforms.sm_dp order
//   CRC-32 u32 of everything before it
#include <stdexcept>
#include <string>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/platform_lists.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;

constexpr char kSmDpRunsMagic[5] = "SDPS";
constexpr std::uint16_t kSmDpRunsVersion = 1;

}  // namespace

cardcore::Bytes SmDpRuns::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kSmDpRunsMagic, kSmDpRunsVersion);
  put_platform_states(out, runs_);
  st::put_crc(out);
  return out;
}

// Each SM-DP restores in place and refuses without a change; a refusal
// may leave those before it restored, and the run is not resumed.
void SmDpRuns::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "SM-DP runs");
  r.sealed_header(kSmDpRunsMagic, kSmDpRunsVersion);
  const std::vector<cardcore::Bytes> states = read_platform_states(r, runs_.size(), "SM-DP");
  r.expect_end();
  try {
    for (std::size_t i = 0; i < runs_.size(); ++i) runs_[i]->restore_state(states[i]);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
}

}  // namespace twinsim
