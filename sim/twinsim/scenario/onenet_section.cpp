// platforms.onenet (docs/SCENARIOS.md): OneNET, China Mobile's IoT open
// platform (the source document §3.2.3, §4.1.2). Its populations and node
// are read with the other platforms' (platform_section.cpp); here how its
// devices are registered.
#include <algorithm>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

void read_onenet(const YamlSection& m, OneNetSpec& spec, const Scenario& s) {
  const auto f = m.find("registration");
  if (!f) return;
  using R = OneNetSpec::Registration;
  spec.registration = read_word<R>(*f, "registration", {{"customer", R::Customer}, {"activation", R::Activation}});
  if (spec.registration != R::Activation) return;
  // The source document §3.2.3: chip management, integrated with OneNET,
  // registers the device when it opens the chip's number.
  const auto& chips = s.chip_management.populations;
  for (std::uint16_t p : spec.populations) {
    if (std::find(chips.begin(), chips.end(), p) == chips.end())
      f->fail("'activation': the chip management platform registers the devices at their chips' activation, and "
              "platforms.chip_management does not follow population '" + s.populations[p].name + "'");
  }
}

}  // namespace twinsim
