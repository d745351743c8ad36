#include "twinmodels/supply/supply_flow.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "twinmodels/random/random_stream.hpp"

namespace twinmodels::supply {

namespace {

// RandomStream stream ids of the flow: kSupplyStream | stage ("SU").
constexpr std::uint32_t kSupplyStream = 0x53550000u;
// Rounds of replacements before the flow is taken to never finish.
constexpr int kMaxRounds = 1000;

double draw(RandomStream& r, const Triangular& t) {
  if (t.max_s <= t.min_s) return t.min_s;
  // Inverse of the triangular distribution's CDF.
  const double u = r.uniform01(), span = t.max_s - t.min_s, c = (t.mode_s - t.min_s) / span;
  return u < c ? t.min_s + std::sqrt(u * span * (t.mode_s - t.min_s))
               : t.max_s - std::sqrt((1 - u) * span * (t.max_s - t.mode_s));
}

void check_triangular(const Triangular& t, const std::string& what) {
  if (!(t.min_s >= 0 && t.min_s <= t.mode_s && t.mode_s <= t.max_s && std::isfinite(t.max_s)))
    throw std::invalid_argument(what + ": needs 0 <= min <= mode <= max");
}

struct Batch {
  std::uint32_t id = 0;
  double released_s = 0;
  double at_s = 0;                   // when it reaches the next stage
  std::vector<std::uint32_t> units;  // indices in SupplyOutcome::units
};

}  // namespace

void check_flow(const FlowSpec& flow) {
  if (flow.stages.empty()) throw std::invalid_argument("flow " + flow.name + ": no stages");
  if (flow.stages.size() > 0xFFFF) throw std::invalid_argument("flow " + flow.name + ": too many stages");
  if (flow.units == 0) throw std::invalid_argument("flow " + flow.name + ": no units");
  if (flow.batch_size == 0) throw std::invalid_argument("flow " + flow.name + ": a batch size of 0");
  if (!(flow.release_interval_s >= 0 && std::isfinite(flow.release_interval_s)))
    throw std::invalid_argument("flow " + flow.name + ": a negative release interval");
  int in_service = 0;
  for (const StageSpec& s : flow.stages) {
    const std::string where = "flow " + flow.name + ", stage " + s.name;
    check_triangular(s.per_batch, where + ": per_batch");
    check_triangular(s.per_unit, where + ": per_unit");
    check_triangular(s.rework_time, where + ": rework_time");
    if (s.parts) check_triangular(*s.parts, where + ": parts");
    if (!(s.failure >= 0 && s.failure < 1)) throw std::invalid_argument(where + ": failure must be in [0, 1)");
    if (!(s.rework >= 0 && s.rework <= 1)) throw std::invalid_argument(where + ": rework must be in [0, 1]");
    for (double c : {s.cost_per_batch, s.cost_per_unit, s.rework_cost})
      if (!(c >= 0 && std::isfinite(c))) throw std::invalid_argument(where + ": a cost must be finite and >= 0");
    in_service += s.in_service ? 1 : 0;
  }
  if (in_service > 1) throw std::invalid_argument("flow " + flow.name + ": more than one in-service stage");
}

SupplyOutcome simulate_flow(const FlowSpec& flow, std::uint64_t seed) {
  check_flow(flow);
  const std::size_t stages = flow.stages.size();
  std::size_t service_stage = stages - 1;
  for (std::size_t s = 0; s < stages; ++s)
    if (flow.stages[s].in_service) service_stage = s;

  SupplyOutcome out;
  out.stages.resize(stages);
  out.in_service_s.assign(flow.units, 0);
  std::vector<std::vector<double>> server_free(stages);
  for (std::size_t s = 0; s < stages; ++s) server_free[s].assign(flow.stages[s].servers, 0);

  // The order: device d in batch d / batch_size.
  std::vector<Batch> pending;
  for (std::uint32_t d = 0; d < flow.units; ++d) {
    const std::uint32_t b = d / flow.batch_size;
    if (b == pending.size()) {
      const double at = flow.release_interval_s * b;
      pending.push_back({b, at, at, {}});
    }
    pending.back().units.push_back(static_cast<std::uint32_t>(out.units.size()));
    out.units.push_back({d, b, UnitRecord::kNone, pending.back().released_s, {}});
  }
  std::uint32_t next_batch = static_cast<std::uint32_t>(pending.size());

  for (int round = 0; !pending.empty(); ++round) {
    if (round == kMaxRounds) throw std::runtime_error("flow " + flow.name + ": replacements never end");
    std::vector<Batch> replacements;
    for (std::size_t s = 0; s < stages; ++s) {
      const StageSpec& spec = flow.stages[s];
      StageFigures& fig = out.stages[s];
      std::stable_sort(pending.begin(), pending.end(),
                       [](const Batch& a, const Batch& b) { return a.at_s != b.at_s ? a.at_s < b.at_s : a.id < b.id; });
      for (Batch& batch : pending) {
        RandomStream r(seed, batch.id, kSupplyStream | static_cast<std::uint32_t>(s));
        double duration = draw(r, spec.per_batch);
        const double parts_at = spec.parts ? batch.released_s + draw(r, *spec.parts) : 0;
        const double ready = std::max(batch.at_s, parts_at);
        double start = ready;
        std::size_t server = 0;
        if (!server_free[s].empty()) {
          server = static_cast<std::size_t>(std::min_element(server_free[s].begin(), server_free[s].end()) -
                                            server_free[s].begin());
          start = std::max(ready, server_free[s][server]);
        }
        std::vector<StepOutcome> outcome(batch.units.size(), StepOutcome::Passed);
        bool reworked = false;
        for (std::size_t i = 0; i < batch.units.size(); ++i) {
          duration += draw(r, spec.per_unit);
          if (spec.failure > 0 && r.uniform01() < spec.failure) {
            outcome[i] = r.uniform01() < spec.rework ? StepOutcome::Reworked : StepOutcome::Scrapped;
            reworked = reworked || outcome[i] == StepOutcome::Reworked;
          }
        }
        if (reworked) duration += draw(r, spec.rework_time);
        const double end = start + duration;
        if (!server_free[s].empty()) server_free[s][server] = end;

        const double n = static_cast<double>(batch.units.size());
        fig.queue_s += (start - ready) * n;
        fig.parts_s += std::max(0.0, parts_at - batch.at_s) * n;
        fig.work_s += duration * n;
        fig.units += batch.units.size();
        ++fig.batches;
        fig.cost += spec.cost_per_batch + spec.cost_per_unit * n;
        Batch replacement{0, end, end, {}};
        std::vector<std::uint32_t> kept;
        for (std::size_t i = 0; i < batch.units.size(); ++i) {
          const std::uint32_t u = batch.units[i];
          out.units[u].steps.push_back({static_cast<std::uint16_t>(s), start, end, outcome[i]});
          if (outcome[i] != StepOutcome::Passed) ++fig.failed;
          if (outcome[i] == StepOutcome::Reworked) {
            ++fig.reworked;
            fig.cost += spec.rework_cost;
          }
          if (outcome[i] == StepOutcome::Scrapped) {
            ++fig.scrapped;
            // A replacement for the same device, from the first stage.
            replacement.units.push_back(static_cast<std::uint32_t>(out.units.size()));
            out.units.push_back({out.units[u].device, 0, u, end, {}});
            continue;
          }
          kept.push_back(u);
          if (s == service_stage) out.in_service_s[out.units[u].device] = end;
        }
        batch.units = std::move(kept);
        batch.at_s = end;
        if (!replacement.units.empty()) replacements.push_back(std::move(replacement));
      }
      pending.erase(std::remove_if(pending.begin(), pending.end(), [](const Batch& b) { return b.units.empty(); }),
                    pending.end());
    }
    // The re-orders, in the order their scraps were found.
    std::stable_sort(replacements.begin(), replacements.end(),
                     [](const Batch& a, const Batch& b) { return a.released_s < b.released_s; });
    for (Batch& b : replacements) {
      b.id = next_batch++;
      for (std::uint32_t u : b.units) out.units[u].batch = b.id;
    }
    pending = std::move(replacements);
  }
  out.batches = next_batch;
  return out;
}

}  // namespace twinmodels::supply
