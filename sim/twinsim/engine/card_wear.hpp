#pragma once
// The environment's wear of the cards' NVM (docs/MODELS.md, "Environmental
// stress and wear"; docs/SCENARIOS.md, "Environment and wear"): card-core's
// NVM asks this hook before every page program (cardcore::NvmWearHook), and
// the answer comes from the models of twinmodels/wear/ at the temperature
// the card's population is at then:
//   - out of its grade's range, a program fails with the out-of-range
//     probability (a draw per program);
//   - a page whose erase count, weighed by the card's mean temperature
//     acceleration so far, reaches the page's endurance threshold (a draw
//     per page, Weibull in equivalent cycles) fails every program since;
//   - the card's first lost charge comes at the time its retention draw
//     (Weibull in equivalent years) is reached on the population's thermal
//     clock: a programmed cell of one of its data pages reads erased from
//     then on (applied when the card is next used).
// A failed program is card-core's WriteFailed: the card answers '6581'
// (memory problem) and the modem and platforms take it from there.
//
// Domestic cards (a UICC) only; only populations with a temperature wear.
// One object per run; single-threaded like the rest of the engine: enter()
// names the device whose card the next programs are, leave() ends that.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <memory>
#include <optional>
#include <vector>

#include "cardcore/nvm/nvm.hpp"
#include "twinmodels/wear/endurance.hpp"
#include "twinmodels/wear/retention.hpp"
#include "twinmodels/wear/thermal_clock.hpp"
#include "twinsim/engine/recorded_event.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct Device;

// What one device's card went through (the /wear table's row).
struct DeviceWear {
  static constexpr double kNever = std::numeric_limits<double>::quiet_NaN();
  double acceleration_sum = 0;  // Σ the endurance acceleration at each of its programs
  double worn_s = kNever;       // its first program failed by a worn page
  double too_hot_s = kNever;    // its first program failed out of range
  double charge_lost_s = kNever;  // its first lost charge (applied)
  double failed_s = kNever;     // the module declared the card failed (memory problem)
  double charge_due_s = kNever;  // charge_loss_time(), once asked (not saved: a draw)
  std::uint32_t programs = 0;   // programs seen
  std::uint32_t lost_page = 0;  // the page that lost charge
};

struct WearCounters {
  std::uint64_t worn_programs = 0;  // programs failed by a worn page
  std::uint64_t hot_programs = 0;   // programs failed out of range
  // Cards, per population.
  std::vector<std::uint64_t> cards_worn, cards_too_hot, cards_charge_lost, cards_failed;
  // All zero, for `populations` populations.
  static WearCounters none(std::size_t populations) {
    const std::vector<std::uint64_t> zero(populations, 0);
    return {0, 0, zero, zero, zero, zero};
  }
};

class CardWear final : public cardcore::NvmWearHook {
 public:
  // Models for every population with a temperature, over [0, stop_s].
  CardWear(const Scenario& s, std::uint64_t seed, double stop_s, std::uint64_t devices);
  ~CardWear() override;
  CardWear(const CardWear&) = delete;
  CardWear& operator=(const CardWear&) = delete;

  static bool wanted(const Scenario& s);
  bool covers(std::uint16_t population) const;

  // Before device d's card work at now_s: its lost charge if due (recorded
  // in `out`), then it is the card the next programs are of, and the hook
  // is installed on its NVM. leave() after the card work.
  void enter(Device& device, std::uint32_t d, double now_s, EventSink events);
  void leave();

  bool on_program(std::uint32_t page, std::uint32_t erase_count) override;

  // Device d's card made `programs` page programs in its history before the
  // run (populations' nvm_history): counted at the population's mean
  // endurance acceleration over a year of its temperature profile.
  void add_history(std::uint32_t d, std::uint64_t programs);

  // The module declared device d's card failed with a memory problem.
  void card_failed(std::uint32_t d, double t_s);

  const WearCounters& counters() const { return counters_; }
  const DeviceWear& device(std::uint32_t d) const { return devices_[d]; }
  // A sharded run's rank 0 (shard/sharded_run.cpp) takes the ranks' wear:
  // each rank's devices' rows and the counters summed over the ranks.
  void set_device(std::uint32_t d, const DeviceWear& w) { devices_[d] = w; }
  void set_counters(WearCounters c) { counters_ = std::move(c); }
  std::uint64_t device_count() const { return devices_.size(); }
  // The time device d's card loses charge (its retention draw on its
  // population's thermal clock); +infinity past the stop.
  double charge_loss_time(std::uint32_t d) const;

  // Checkpoints (docs/CHECKPOINTS.md, /wear/bytes): "WEAR" version 1.
  // restore_state() refuses a state of another number of devices or
  // populations, a damaged one, or values out of range
  // (std::invalid_argument "card wear state: ...") and keeps this one then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView in);

 private:
  struct PopulationModels;
  void lose_charge(Device& device, std::uint32_t d);

  const Scenario& scenario_;
  std::uint64_t seed_;
  std::vector<std::unique_ptr<PopulationModels>> models_;  // null: the population does not wear
  std::vector<DeviceWear> devices_;
  WearCounters counters_;
  // The card the programs are of now.
  std::uint32_t current_ = 0;
  std::uint16_t population_ = 0;
  double now_s_ = 0;
  double temperature_c_ = 0;
  double acceleration_ = 1;       // endurance acceleration at temperature_c_
  double out_of_range_p_ = 0;     // out-of-range failure probability there
  // Inside a device's card work (enter() to leave()), where its events go.
  std::optional<EventSink> events_;
};

}  // namespace twinsim

namespace twinsim {

// Each card of a population with an nvm_history makes that many EF.EPSLOCI
// updates (real APDUs on the card: UPDATE BINARY, each an NVM transaction)
// before its first power-on; `wear`, if any, counts their programs.
void make_nvm_histories(const Scenario& s, DeviceTable& devices, CardWear* wear);

// The wear.* metrics (all 0 without wear: `wear` null) and, with wear, the
// /wear table's rows (card_wear_results.cpp).
void finish_wear(const CardWear* wear, const Scenario& s, RunFile& out, std::map<std::string, double>& metrics);

}  // namespace twinsim
