#pragma once
// Broken scenario files and the start of the message each must get: the
// file, line and column (1-based), the key path, then the wording. One
// parameterized test (ScenarioErrors, test_scenario_loader.cpp) that the
// suites instantiate with their own rows.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim::testing {

// What parsing `text` as "t.yaml" throws, or "(no error)".
inline std::string error_of(const std::string& text) {
  try {
    twinsim::parse_scenario(text, "t.yaml");
  } catch (const twinsim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

struct BrokenCase {
  const char* name;
  std::string text;
  std::string message;
};

inline void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

class ScenarioErrors : public ::testing::TestWithParam<BrokenCase> {};

}  // namespace twinsim::testing
