#pragma once
// The states of a device the viewer follows through /events
// (docs/VIEWER.md, "Device states"): its attachment, its last profile
// change and its card's NVM health. Each is a small state machine over
// the event kinds, named by the file's own kind names (docs/RUN-FILE.md),
// so a file without a kind simply never takes that transition.
#include <cstdint>
#include <string>
#include <vector>

#include "twinviz/data/run_source.hpp"

namespace twinviz {

class DeviceStateMachine {
 public:
  virtual ~DeviceStateMachine() = default;
  // What the histogram is called, and the name of each state (index =
  // state; state 0 is every device's state before its first event).
  virtual std::string title() const = 0;
  virtual const std::vector<std::string>& states() const = 0;
  // The state after an event of `kind` with `value` in state `current`.
  virtual std::uint8_t next(std::uint8_t current, std::uint8_t kind, std::int64_t value) const = 0;
};

// Attachment (TS 24.301 §5.5.1, §5.5.2): never attached; attached since
// its last `authenticated` (a plain device) or `modem_registered`;
// detached (`detached`, `modem_deregistered`); its card failed
// (`modem_card_failed`); switched off for good (`power_off`).
class AttachStates final : public DeviceStateMachine {
 public:
  explicit AttachStates(const RunSource& run);
  std::string title() const override { return "attachment"; }
  const std::vector<std::string>& states() const override { return names_; }
  std::uint8_t next(std::uint8_t current, std::uint8_t kind, std::int64_t value) const override;
  enum State : std::uint8_t { Never, Attached, Detached, CardFailed, SwitchedOff };

 private:
  std::vector<std::string> names_;
  int authenticated_, registered_, detached_, deregistered_, card_failed_, power_off_;
};

// The last profile change of the device's eUICC: none (its first
// profile); a profile change (`euicc_notification` type 2, SGP.02
// §4.1.1.11, or an SM-DP download done, `smdp_done`); rolled back (type
// 3); fall-back (type 5); emergency profile enabled (type 6 or the modem's
// `modem_emergency_profile_enabled`); emergency profile disabled (type 7,
// `modem_emergency_profile_disabled`).
class ProfileStates final : public DeviceStateMachine {
 public:
  explicit ProfileStates(const RunSource& run);
  std::string title() const override { return "last profile change"; }
  const std::vector<std::string>& states() const override { return names_; }
  std::uint8_t next(std::uint8_t current, std::uint8_t kind, std::int64_t value) const override;
  enum State : std::uint8_t { First, Changed, RolledBack, FallBack, Emergency, EmergencyDisabled };

 private:
  std::vector<std::string> names_;
  int notification_, smdp_done_, emergency_on_, emergency_off_;
};

// The card's NVM health, the worst seen so far (docs/SCENARIOS.md,
// "Environment and wear"): no failure; a program refused beyond the
// grade's temperature (`nvm_too_hot`); a cell that lost its charge
// (`nvm_charge_lost`); a page worn out (`nvm_worn_out`).
class WearStates final : public DeviceStateMachine {
 public:
  explicit WearStates(const RunSource& run);
  std::string title() const override { return "NVM health"; }
  const std::vector<std::string>& states() const override { return names_; }
  std::uint8_t next(std::uint8_t current, std::uint8_t kind, std::int64_t value) const override;
  enum State : std::uint8_t { Healthy, TooHot, ChargeLost, WornOut };

 private:
  std::vector<std::string> names_;
  int too_hot_, charge_lost_, worn_out_;
};

}  // namespace twinviz
