#pragma once
// How cards and chips reach the field (source document §4.1, figure 3):
// a partner's cooperation mode as a flow of stages over simulated days —
// an order, production, a factory test, shipping between the partners,
// mounting in a module, integration in a terminal, the customer's SIM
// procurement and manual insertion or an eSIM device's deployment, the
// activation — each with its lead time, its capacity and its failure,
// rework and scrap rates (docs/SUPPLY.md).
//
// Units (one per device) move through the stages in batches released at
// the order's pace. A stage with `servers` works on that many batches at
// once and the others queue first come, first served; with none it holds
// no queue (shipping, an office's lead time). A stage's duration is a
// triangular (min, mode, max) per batch plus one per unit (manual work).
// A stage that checks its units fails each with probability `failure`: a
// failed unit is reworked with probability `rework` (the whole batch waits
// `rework_time` more) or else scrapped — traced to its batch and stage —
// and a replacement unit goes through the whole flow again, released when
// the scrap is found, after the order's own batches at every stage. A
// stage may also wait for parts ordered when its batch was released (the
// communication chip a module maker buys in mode 1).
//
// Every draw comes from the seed's counter-based streams (random_stream.hpp)
// of the batch and the stage: the same flow and seed give the same outcome.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace twinmodels::supply {

struct Triangular {
  double min_s = 0, mode_s = 0, max_s = 0;  // min <= mode <= max
  double mean_s() const { return (min_s + mode_s + max_s) / 3; }
};

// What the chip management platform records of a unit at a stage, in a
// run that follows the population (platforms.chip_management.supply[i].
// flow, chip_supply.hpp); the flow itself does not use it.
enum class ChipStep : std::uint8_t {
  None,
  Produce,    // produced and into the maker's stock at the stage's end
  Ship,       // shipped at the stage's start to the next stage's party, received at its end
  Mount,      // mounted in a module at the stage's end
  Integrate,  // integrated in a device at the stage's end
  Sell,       // sold to the customer at the stage's end
};

struct StageSpec {
  std::string name;   // "production", "manual insertion", ...
  std::string party;  // who does it: "card-vendor", "cmcc", "module-maker", "oem", "customer", ...
  Triangular per_batch;
  Triangular per_unit;
  unsigned servers = 0;  // batches worked on at once; 0: no capacity limit
  double failure = 0;    // per unit, [0, 1)
  double rework = 0;     // of the failed, the share reworked; the rest is scrapped
  Triangular rework_time;
  std::optional<Triangular> parts;  // waits for parts ordered at the batch's release
  // The unit is in service at this stage's end (the activation); at most
  // one stage, the last one when none is marked.
  bool in_service = false;
  // What the stage costs, in the flow's currency unit: per batch, per unit
  // through it (a scrapped unit's included), per unit reworked.
  double cost_per_batch = 0, cost_per_unit = 0, rework_cost = 0;
  ChipStep chip = ChipStep::None;
};

struct FlowSpec {
  std::string name;
  std::vector<StageSpec> stages;  // in order
  std::uint32_t units = 0;        // devices
  std::uint32_t batch_size = 1;
  double release_interval_s = 0;  // between the order's batches
};

// Throws std::invalid_argument naming what is wrong.
void check_flow(const FlowSpec& flow);

enum class StepOutcome : std::uint8_t { Passed, Reworked, Scrapped };

struct UnitStep {
  std::uint16_t stage = 0;
  double start_s = 0;  // work started (after the queue and the parts)
  double end_s = 0;
  StepOutcome outcome = StepOutcome::Passed;
};

struct UnitRecord {
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  std::uint32_t device = 0;         // the device it is for
  std::uint32_t batch = 0;          // its batch (replacement batches after the order's)
  std::uint32_t replaces = kNone;   // the unit it replaces
  double released_s = 0;
  std::vector<UnitStep> steps;      // up to its last stage, or its scrap
  bool scrapped() const { return !steps.empty() && steps.back().outcome == StepOutcome::Scrapped; }
};

struct StageFigures {
  double queue_s = 0;    // summed over units: waiting for a server
  double parts_s = 0;    // summed over units: waiting for parts
  double work_s = 0;     // summed over units: in the stage, rework included
  std::uint64_t units = 0, failed = 0, reworked = 0, scrapped = 0;
  std::uint64_t batches = 0;
  double cost = 0;       // cost_per_batch, cost_per_unit and rework_cost as spent
};

struct SupplyOutcome {
  std::vector<UnitRecord> units;            // the order's, then the replacements
  std::vector<double> in_service_s;         // per device: when its (last) unit went into service
  std::vector<StageFigures> stages;
  std::uint32_t batches = 0;                // replacement batches included
};

// Throws as check_flow.
SupplyOutcome simulate_flow(const FlowSpec& flow, std::uint64_t seed);

}  // namespace twinmodels::supply
