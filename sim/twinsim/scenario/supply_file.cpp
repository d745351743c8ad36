#include "twinsim/scenario/supply_file.hpp"

#include <stdexcept>

#include "twinsim/scenario/scenario_values.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

namespace {

namespace sp = twinmodels::supply;

// A duration ("3d": always that long) or [min, mode, max] (triangular).
sp::Triangular read_lead_time(const YamlField& f) {
  if (!f.node().IsSequence()) {
    const double d = read_duration(f);
    return {d, d, d};
  }
  const std::vector<YamlField> items = f.items();
  if (items.size() != 3) f.fail("needs one duration or three, [min, mode, max], not " + std::to_string(items.size()));
  const sp::Triangular t{read_duration(items[0]), read_duration(items[1]), read_duration(items[2])};
  if (!(t.min_s <= t.mode_s && t.mode_s <= t.max_s)) f.fail("needs min <= mode <= max");
  return t;
}

sp::StageSpec read_stage(const YamlField& item) {
  const YamlSection m(item, {"name", "party", "per_batch", "per_unit", "servers", "failure", "rework", "rework_time",
                             "parts", "in_service", "cost_per_batch", "cost_per_unit", "rework_cost", "chip"});
  sp::StageSpec s;
  s.name = read_name(m.need("name"));
  s.party = read_name(m.need("party"));
  if (const auto f = m.find("per_batch")) s.per_batch = read_lead_time(*f);
  if (const auto f = m.find("per_unit")) s.per_unit = read_lead_time(*f);
  if (const auto f = m.find("servers")) s.servers = static_cast<unsigned>(read_whole(*f, 1, 100'000));
  if (const auto f = m.find("failure")) s.failure = read_loss(*f);
  if (const auto f = m.find("rework")) s.rework = read_decimal(*f, 0, 1);
  if (const auto f = m.find("rework_time")) s.rework_time = read_lead_time(*f);
  if (const auto f = m.find("parts")) s.parts = read_lead_time(*f);
  // Costs in the file's currency unit: a decimal number, no unit.
  auto cost = [&m](const char* key, double& to) {
    if (const auto f = m.find(key)) to = read_decimal(*f, 0, 1e15);
  };
  cost("cost_per_batch", s.cost_per_batch);
  cost("cost_per_unit", s.cost_per_unit);
  cost("rework_cost", s.rework_cost);
  for (const char* key : {"rework", "rework_time", "rework_cost"})
    if (const auto f = m.find(key); f && s.failure == 0) f->fail("a stage without failure has nothing to rework");
  if (const auto f = m.find("in_service"))
    s.in_service = read_word<bool>(*f, "value", {{"true", true}, {"false", false}});
  // Read here, used by a run's chip management (chip_supply_section.cpp).
  if (const auto f = m.find("chip")) s.chip = read_word<sp::ChipStep>(*f, "chip step", chip_step_words());
  return s;
}

sp::FlowSpec read_flow(const YamlField& item) {
  const YamlSection m(item, {"name", "units", "batch_size", "release_interval", "stages"});
  sp::FlowSpec f = read_flow_body(m);
  f.name = read_name(m.need("name"));
  f.units = static_cast<std::uint32_t>(read_whole(m.need("units"), 1, 10'000'000));
  return f;
}

}  // namespace

const std::vector<std::pair<std::string, twinmodels::supply::ChipStep>>& chip_step_words() {
  static const std::vector<std::pair<std::string, sp::ChipStep>> kWords = {{"produce", sp::ChipStep::Produce},
                                                                           {"ship", sp::ChipStep::Ship},
                                                                           {"mount", sp::ChipStep::Mount},
                                                                           {"integrate", sp::ChipStep::Integrate},
                                                                           {"sell", sp::ChipStep::Sell}};
  return kWords;
}

twinmodels::supply::FlowSpec read_flow_body(const YamlSection& m) {
  sp::FlowSpec f;
  if (const auto b = m.find("batch_size")) f.batch_size = static_cast<std::uint32_t>(read_whole(*b, 1, 10'000'000));
  if (const auto r = m.find("release_interval")) f.release_interval_s = read_duration(*r);
  const YamlField stages = m.need("stages");
  std::optional<YamlField> in_service;
  for (const YamlField& s : stages.items()) {
    f.stages.push_back(read_stage(s));
    if (f.stages.back().in_service) {
      if (in_service) s.fail("a second in_service stage (the first at line " + std::to_string(in_service->line()) + ")");
      in_service = s;
    }
  }
  if (f.stages.empty()) stages.fail("needs at least one stage");
  return f;
}

SupplyFile parse_supply_file(const std::string& text, const std::string& source) {
  SupplyFile file;
  file.source = source;
  const YamlField root(parse_one_document(text, source, "supply", "it needs the key flows"), "",
                       YAML::Mark::null_mark(), file.source);
  const YamlSection top(root, {"seed", "flows"});
  if (const auto f = top.find("seed")) file.seed = read_whole(*f, 0);
  const YamlField flows = top.need("flows");
  for (const YamlField& item : flows.items()) {
    file.flows.push_back(read_flow(item));
    for (std::size_t i = 0; i + 1 < file.flows.size(); ++i)
      if (file.flows[i].name == file.flows.back().name) item.fail("flow '" + file.flows.back().name + "' twice");
  }
  if (file.flows.empty()) flows.fail("needs at least one flow");
  return file;
}

SupplyFile load_supply_file(const std::string& path) { return parse_supply_file(read_text_file(path, "supply file"), path); }

}  // namespace twinsim
