// libFuzzer harness on the scenario loader (twinsim::parse_scenario, what
// `esimtwin run` and the run file's readers load a scenario's text with):
// any bytes must give a Scenario or a ScenarioError whose message names the
// place, "<file>:<line>:<column>: <key>: <what>" (docs/SCENARIOS.md), and
// never another exception, a crash, a hang or a sanitizer finding.
//
// Input: the scenario's text, as is.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "twinsim/scenario/scenario.hpp"

namespace {

constexpr std::string_view kSource = "fuzz.yaml";

// Digits at `at`, then `end`; moves `at` past both.
bool number_then(std::string_view s, std::size_t& at, char end) {
  const std::size_t start = at;
  while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
  if (at == start || at >= s.size() || s[at] != end) return false;
  ++at;
  return true;
}

// "fuzz.yaml:<line>:<column>: " followed by the key and what is wrong.
bool names_the_place(std::string_view m) {
  if (m.substr(0, kSource.size()) != kSource || m.size() <= kSource.size() || m[kSource.size()] != ':') return false;
  std::size_t at = kSource.size() + 1;
  if (!number_then(m, at, ':') || !number_then(m, at, ':') || at >= m.size() || m[at] != ' ') return false;
  const std::size_t key_end = m.find(": ", at + 1);
  return key_end != std::string_view::npos && key_end > at + 1 && key_end + 2 < m.size();
}

[[noreturn]] void fail(const char* what, const char* message) {
  std::fprintf(stderr, "fuzz_scenario: %s: %s\n", what, message);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const twinsim::Scenario s = twinsim::parse_scenario(text, std::string(kSource));
    if (s.text != text || s.populations.empty()) fail("loaded", "the scenario lost its text or has no population");
  } catch (const twinsim::ScenarioError& e) {
    if (!names_the_place(e.what())) fail("a ScenarioError without its place", e.what());
  } catch (const std::exception& e) {
    fail("another exception than ScenarioError", e.what());
  }
  return 0;
}
