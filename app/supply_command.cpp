#include "supply_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "twinmodels/supply/supply_figures.hpp"
#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/supply_file.hpp"

namespace esimtwin {

namespace sp = twinmodels::supply;

void add_supply_command(CLI::App& app, SupplyOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "supply", "Run the partners' supply flows of a supply file over simulated days: time to service, where it stalls");
  cmd->add_option("file", opts.file, "Supply file (YAML, docs/SUPPLY.md)")->required();
  cmd->add_option("--seed", opts.seed, "Seed of the flows' random draws (default: the file's)");
  cmd->add_option("--trace", opts.trace, "Write every unit's steps to this CSV file");
  cmd->callback([&opts, &exit_code] { exit_code = run_supply_command(opts, std::cout, std::cerr); });
}

namespace {

constexpr double kDay = 86400;

const char* outcome_word(sp::StepOutcome o) {
  switch (o) {
    case sp::StepOutcome::Passed: return "passed";
    case sp::StepOutcome::Reworked: return "reworked";
    case sp::StepOutcome::Scrapped: return "scrapped";
  }
  return "";
}

void write_trace(std::ostream& csv, const sp::FlowSpec& flow, const sp::SupplyOutcome& o) {
  for (std::size_t u = 0; u < o.units.size(); ++u) {
    const sp::UnitRecord& r = o.units[u];
    for (const sp::UnitStep& s : r.steps) {
      char line[256];
      std::snprintf(line, sizeof line, ",%u,%zu,%s,%u,%s,%s,%.6f,%.6f,%s\n", r.device, u,
                    r.replaces == sp::UnitRecord::kNone ? "" : std::to_string(r.replaces).c_str(), r.batch,
                    flow.stages[s.stage].name.c_str(), flow.stages[s.stage].party.c_str(), s.start_s / kDay,
                    s.end_s / kDay, outcome_word(s.outcome));
      csv << flow.name << line;
    }
  }
}

}  // namespace

int run_supply_command(const SupplyOptions& opts, std::ostream& out, std::ostream& err) {
  const char* command = "esimtwin supply: ";
  twinsim::SupplyFile file;
  try {
    file = twinsim::load_supply_file(opts.file);
  } catch (const twinsim::ScenarioError& e) {
    err << command << e.what() << "\n";
    return 2;
  }
  const std::uint64_t seed = opts.seed ? *opts.seed : file.seed;
  std::ofstream csv;
  if (!opts.trace.empty()) {
    csv.open(opts.trace);
    if (!csv) {
      err << command << "cannot write " << opts.trace << "\n";
      return 2;
    }
    csv << "flow,device,unit,replaces,batch,stage,party,start_d,end_d,outcome\n";
  }
  out << "# esimtwin supply: " << file.source << ", seed " << seed << "; times in days from the order, costs in the file's currency unit per device in service\n";
  out << "flow                      devices  units  reworked  scrapped   mean    p50    p90    max  cost/device  stalls at\n";
  std::vector<std::pair<const sp::FlowSpec*, sp::SupplyFigures>> all;
  for (const sp::FlowSpec& flow : file.flows) {
    sp::SupplyOutcome o;
    try {
      o = sp::simulate_flow(flow, seed);
    } catch (const std::exception& e) {
      err << command << file.source << ": " << e.what() << "\n";
      return 2;
    }
    const sp::SupplyFigures f = sp::supply_figures(o);
    char row[256];
    std::snprintf(row, sizeof row, "%-25s %7u %6llu %9llu %9llu %6.1f %6.1f %6.1f %6.1f %12.2f  %s\n",
                  flow.name.c_str(), flow.units, static_cast<unsigned long long>(f.units_made),
                  static_cast<unsigned long long>(f.reworked), static_cast<unsigned long long>(f.scrapped),
                  f.mean_s / kDay, f.p50_s / kDay, f.p90_s / kDay, f.max_s / kDay, f.cost,
                  flow.stages[f.bottleneck].name.c_str());
    out << row;
    if (csv.is_open()) write_trace(csv, flow, o);
    all.emplace_back(&flow, f);
  }
  for (const auto& [flow, f] : all) {
    out << "\n## " << flow->name << ": per device in service, days and cost\n";
    out << "stage                     party            queue  parts   work  total      cost\n";
    char release[128];
    std::snprintf(release, sizeof release, "%-25s %-15s %6s %6s %6s %6.2f\n", "(release of the batch)", "", "", "", "",
                  f.release_s / kDay);
    out << release;
    for (std::size_t s = 0; s < flow->stages.size(); ++s) {
      const sp::StageShare& share = f.stages[s];
      char row[256];
      std::snprintf(row, sizeof row, "%-25s %-15s %6.2f %6.2f %6.2f %6.2f %9.2f%s\n", flow->stages[s].name.c_str(),
                    flow->stages[s].party.c_str(), share.queue_s / kDay, share.parts_s / kDay, share.work_s / kDay,
                    share.total_s() / kDay, share.cost, s == f.bottleneck ? "  <- stalls here" : "");
      out << row;
    }
  }
  if (csv.is_open()) {
    csv.flush();
    if (!csv) {
      err << command << "cannot write " << opts.trace << "\n";
      return 2;
    }
  }
  return 0;
}

}  // namespace esimtwin
