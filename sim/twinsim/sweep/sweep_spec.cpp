// The sweep file (docs/SWEEPS.md): reading, checking, and each point's
// scenario file.
#include "twinsim/sweep/sweep_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <limits>

#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/scenario_values.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

namespace {

// One step of a parameter's key: a map's key, or a list's item by name or index.
struct KeyStep {
  bool item = false;
  std::string text;
};

std::vector<KeyStep> key_steps(const YamlField& where, const std::string& key) {
  std::vector<KeyStep> steps;
  std::size_t i = 0;
  auto bad = [&](const std::string& why) {
    where.fail("'" + key + "' is not a key of the scenario file (" + why +
               "; write map keys joined by '.', a list's item by its name or index in brackets: "
               "populations[meters].count)");
  };
  while (i < key.size()) {
    const std::size_t end = key.find_first_of(".[]", i);
    const std::string name = key.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (name.empty()) bad("an empty key at character " + std::to_string(i + 1));
    steps.push_back({false, name});
    i = end == std::string::npos ? key.size() : end;
    while (i < key.size() && key[i] == '[') {
      const std::size_t close = key.find(']', i);
      if (close == std::string::npos) bad("a '[' without its ']'");
      const std::string selector = key.substr(i + 1, close - i - 1);
      if (selector.empty()) bad("an empty [ ]");
      steps.push_back({true, selector});
      i = close + 1;
    }
    if (i < key.size()) {
      if (key[i] != '.') bad("'" + std::string(1, key[i]) + "' at character " + std::to_string(i + 1));
      ++i;
      if (i == key.size()) bad("it ends with '.'");
    }
  }
  if (steps.empty()) bad("it is empty");
  return steps;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Writes `value` at `steps` in the scenario document `root`: maps missing
// on the way are made; a list item must exist. Failures are messages for
// the parameter's key.
void put_value(YAML::Node root, const std::vector<KeyStep>& steps, const YAML::Node& value, const YamlField& where) {
  YAML::Node at = root;
  std::string prefix;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const KeyStep& s = steps[i];
    const bool last = i + 1 == steps.size();
    const std::string so_far = prefix.empty() ? "the scenario file" : "'" + prefix + "'";
    if (!s.item) {
      if (!at.IsMap() && !at.IsNull()) where.fail(so_far + " is not a map in the scenario, so it has no key '" + s.text + "'");
      prefix += (prefix.empty() ? "" : ".") + s.text;
      if (last) {
        at[s.text] = value;
        return;
      }
      if (!at[s.text] || at[s.text].IsNull()) {
        if (steps[i + 1].item) where.fail("'" + prefix + "' is not in the scenario, so it has no items to choose from");
        at[s.text] = YAML::Node(YAML::NodeType::Map);
      }
      YAML::Node next = at[s.text];
      at.reset(next);
      continue;
    }
    if (!at.IsSequence()) where.fail(so_far + " is not a list in the scenario, so it has no item [" + s.text + "]");
    std::size_t index = at.size();
    if (all_digits(s.text)) {
      index = std::stoul(s.text);
      if (index >= at.size())
        where.fail(so_far + " has " + std::to_string(at.size()) + " items, so no item [" + s.text + "]");
    } else {
      std::vector<std::string> names;
      for (std::size_t k = 0; k < at.size(); ++k) {
        const YAML::Node name = at[k].IsMap() ? at[k]["name"] : YAML::Node();
        if (name && name.IsScalar()) {
          if (name.Scalar() == s.text && index == at.size()) index = k;
          names.push_back(name.Scalar());
        }
      }
      if (index == at.size())
        where.fail(so_far + " has no item named '" + s.text + "'" +
                   (names.empty() ? std::string(" (its items have no names: choose one by its index)")
                                  : " (names: " + join_words(names) + ")"));
    }
    prefix += "[" + s.text + "]";
    if (last) {
      at[index] = value;
      return;
    }
    YAML::Node next = at[index];
    at.reset(next);
  }
}

std::string flow_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// A point's scenario document. `where` holds each parameter's place in the
// sweep file for messages; a checked sweep (none given) cannot fail.
YAML::Node point_document(const SweepSpec& s, std::size_t point, const std::vector<YamlField>& where) {
  YAML::Node root = YAML::Load(s.scenario_text);
  const std::vector<std::size_t> at = s.point_indices(point);
  for (std::size_t k = 0; k < s.parameters.size(); ++k) {
    const SweepParameter& p = s.parameters[k];
    const YamlField field = k < where.size() ? where[k] : YamlField(YAML::Node(), p.key, YAML::Mark::null_mark(), s.source);
    put_value(root, key_steps(field, p.key), YAML::Load(p.values[at[k]]), field);
  }
  return root;
}

std::string emitted(const YAML::Node& root) {
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace

std::size_t SweepSpec::points() const {
  std::size_t n = 1;
  for (const SweepParameter& p : parameters) n *= p.values.size();
  return n;
}

std::vector<std::size_t> SweepSpec::point_indices(std::size_t point) const {
  std::vector<std::size_t> at(parameters.size());
  for (std::size_t k = parameters.size(); k-- > 0;) {
    at[k] = point % parameters[k].values.size();
    point /= parameters[k].values.size();
  }
  return at;
}

std::string SweepSpec::point_label(std::size_t point) const {
  if (parameters.empty()) return "the scenario";
  const std::vector<std::size_t> at = point_indices(point);
  std::string out;
  for (std::size_t k = 0; k < parameters.size(); ++k)
    out += (k ? ", " : "") + parameters[k].key + "=" + flow_text(YAML::Load(parameters[k].values[at[k]]));
  return out;
}

std::string SweepSpec::point_scenario(std::size_t point) const {
  // No paths in the text: the run files of a sweep made elsewhere (a Slurm
  // array's nodes) are checked against it.
  return "# Point " + std::to_string(point) + " of a sweep: its scenario with " + point_label(point) + ".\n" +
         emitted(point_document(*this, point, {}));
}

namespace {

// parse_sweep, with the scenario's text read from its file unless given.
SweepSpec read_sweep(const std::string& text, const std::string& source, const std::string& directory,
                     const std::string* scenario_text) {
  SweepSpec s;
  s.source = source;
  s.text = text;
  const YamlField root(parse_one_document(text, source, "sweep", "it needs at least the key scenario"), "",
                       YAML::Mark::null_mark(), s.source);
  const YamlSection top(root, {"scenario", "parameters", "replications", "seed", "devices", "stop"});
  const YamlField scenario = top.need("scenario");
  const std::filesystem::path given = scenario.text();
  s.scenario_file = given.is_absolute() || directory.empty() ? given.string() : (std::filesystem::path(directory) / given).string();
  try {
    s.scenario_text = scenario_text ? *scenario_text : read_text_file(s.scenario_file, "scenario");
  } catch (const ScenarioError& e) {
    scenario.fail(e.what());
  }
  const Scenario base = parse_scenario(s.scenario_text, s.scenario_file);
  s.seed = base.general.seed;
  if (const auto f = top.find("seed")) s.seed = read_whole(*f, 0);
  if (const auto f = top.find("replications")) s.replications = read_whole(*f, 1, 1'000'000);
  if (s.seed > std::numeric_limits<std::uint64_t>::max() - (s.replications - 1))
    top.need("seed").fail("seed + replications - 1 does not fit in 64 bits");
  if (const auto f = top.find("devices")) s.devices = read_whole(*f, 1, 1'000'000'000);
  if (const auto f = top.find("stop")) {
    if (read_duration(*f) <= 0) f->fail("the runs must stop after their start: expected a duration above 0");
    s.stop = f->text();
  }
  std::vector<YamlField> where;
  if (const auto f = top.find("parameters")) {
    if (!f->node().IsMap()) f->fail("expected a map of scenario keys to lists of values, found " + f->describe());
    for (const auto& entry : f->node()) {
      const std::string key = entry.first.Scalar();
      const YamlField values = f->child(key, entry.second, entry.first.Mark());
      key_steps(values, key);
      SweepParameter p;
      p.key = key;
      const std::vector<YamlField> items = values.items();
      if (items.empty()) values.fail("expected at least one value");
      for (const YamlField& item : items) {
        if (!item.node().IsDefined() || item.node().IsNull()) item.fail("a value cannot be empty");
        YAML::Emitter out;
        out << YAML::Flow << item.node();
        p.values.push_back(out.c_str());
      }
      for (const SweepParameter& q : s.parameters)
        if (q.key == key) values.fail("the key is given twice");
      s.parameters.push_back(std::move(p));
      where.push_back(values);
    }
  }
  if (s.points() > 10000) top.need("parameters").fail("the grid has more than 10 000 points");
  // Every point must be a scenario the run would accept.
  const YamlField grid = top.find("parameters") ? top.need("parameters") : root;
  for (std::size_t p = 0; p < s.points(); ++p) {
    const std::string point_text = emitted(point_document(s, p, where));
    const std::string name = "point " + std::to_string(p) + " (" + s.point_label(p) + ")";
    try {
      parse_scenario(point_text, name);
    } catch (const ScenarioError& e) {
      // "<name>:<line>:<column>: <key>: <what>" without the line and column
      // in the point's text, which the user never wrote.
      std::string what = e.what();
      std::size_t at = what.rfind(name + ":", 0) == 0 ? name.size() + 1 : std::string::npos;
      for (int colons = 0; at != std::string::npos && colons < 2; ++colons) at = what.find(':', at) + 1;
      grid.fail(name + ": " + (at != std::string::npos && at < what.size() ? what.substr(at + 1) : what));
    }
  }
  return s;
}

}  // namespace

SweepSpec parse_sweep(const std::string& text, const std::string& source, const std::string& directory) {
  return read_sweep(text, source, directory, nullptr);
}

SweepSpec parse_sweep_grid(const std::string& text, const std::string& source, const std::string& scenario_text) {
  return read_sweep(text, source, "", &scenario_text);
}

SweepSpec load_sweep(const std::string& path) {
  return parse_sweep(read_text_file(path, "sweep file"), path, std::filesystem::path(path).parent_path().string());
}

}  // namespace twinsim
