// The run-control sections: general, engine and trace.
#include <filesystem>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

void read_general(const YamlSection& general, Scenario& s) {
  GeneralSpec& g = s.general;
  if (const auto f = general.find("name")) {
    g.name = read_name(*f);
  } else {
    // Unnamed scenarios are reported under their file's name.
    g.name = std::filesystem::path(s.source).stem().string();
    if (g.name.empty()) g.name = "scenario";
  }
  if (const auto f = general.find("seed")) g.seed = read_whole(*f, 0);
  const YamlField stop = general.need("stop");
  g.stop_s = read_duration(stop);
  if (g.stop_s <= 0) stop.fail("the run must stop after 0s, found " + stop.text());
  if (const auto f = general.find("time_unit")) {
    g.time_unit = read_word<std::string>(*f, "time unit", {{"s", "s"}});
  }
}

void read_engine(const YamlSection& engine, Scenario& s) {
  // The multiplexer index travels in 8-bit message fields; 64 is far beyond
  // where more actors stop paying off on one machine.
  if (const auto f = engine.find("multiplexers")) s.engine.multiplexers = static_cast<int>(read_whole(*f, 1, 64));
}

void read_trace(const YamlSection& trace, Scenario& s) {
  if (const auto f = trace.find("secrets"))
    s.trace_secrets = read_word<bool>(*f, "trace secrets", {{"redact", false}, {"clear", true}});
  const auto list = trace.find("devices");
  if (!list) return;
  const std::uint64_t total = s.device_count();
  for (const YamlField& item : list->items()) {
    const std::uint64_t d = read_whole(item, 0);
    if (d >= total) {
      item.fail("device " + std::to_string(d) + " does not exist: the populations have " + std::to_string(total) +
                " devices, numbered 0 to " + std::to_string(total - 1));
    }
    s.trace_devices.push_back(d);
  }
}

}  // namespace twinsim
