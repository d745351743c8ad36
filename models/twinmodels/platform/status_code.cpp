// SGP.02 §5.1.6's Subject and Reason Codes (status_code.hpp).
#include "twinmodels/platform/status_code.hpp"

#include <array>

namespace twinmodels::platform {

namespace {

struct Code {
  std::string_view code;
  std::string_view words;  // SGP.02's name of the code
  std::string_view model;  // the models' word for it, when another
};

// SGP.02 §5.1.6, Subject Codes. 8.2.1, 8.2.5 and 8.7 are not in the
// reproduction of the table the others come from: 8.2.1 Profile ICCID and
// 8.2.5 Profile Type are the codes SGP.22's table (§5.2.6, which takes over
// SGP.02's subject numbering) gives them and the open-source SGP.02 SM-DP
// Njiwa writes; 8.7 SM-SR is Njiwa's alone (its ES2 answers an unknown SM-SR
// with 8.7 / 3.9) (platform/README.md, "JSON encodings and traces").
constexpr std::array<Code, 9> kSubjects = {{
    {"1.1", "Function requester", {}},
    {"1.2", "Function provider", "Platform"},  // the platform's server (platform_server.hpp)
    {"1.2.1", "Validity Period", {}},
    {"1.6", "Function", {}},
    {"8.1", "eUICC", {}},
    {"8.1.1", "EID", {}},
    {"8.2.1", "Profile ICCID", {}},
    {"8.2.5", "Profile Type", {}},
    {"8.7", "SM-SR", {}},
}};

// SGP.02 §5.1.6, Reason Codes.
constexpr std::array<Code, 9> kReasons = {{
    {"1.1", "Unknown (Identification or Authentication)", {}},
    {"1.2", "Not allowed (authorisation)", {}},
    {"2.1", "Invalid", {}},
    {"2.2", "Mandatory element missing", "Missing"},
    {"2.3", "Conditional element missing", {}},
    {"3.8", "Refused", {}},
    {"3.9", "Unknown", {}},
    {"4.2", "Execution error", "Internal error"},
    {"4.4", "Busy", {}},
}};

template <std::size_t N>
std::optional<std::string_view> code_of(const std::array<Code, N>& table, std::string_view words) {
  for (const Code& c : table) {
    if (words == c.words || (!c.model.empty() && words == c.model)) return c.code;
  }
  return std::nullopt;
}

template <std::size_t N>
std::optional<std::string_view> words_of(const std::array<Code, N>& table, std::string_view code) {
  for (const Code& c : table) {
    if (code == c.code) return c.model.empty() ? c.words : c.model;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> subject_code(std::string_view subject) { return code_of(kSubjects, subject); }

std::optional<std::string_view> reason_code(std::string_view reason) {
  if (const std::optional<std::string_view> c = code_of(kReasons, reason)) return c;
  // "Refused (not disabled)": the reason's detail in brackets.
  const std::size_t bracket = reason.find(" (");
  if (bracket == std::string_view::npos || reason.back() != ')') return std::nullopt;
  return code_of(kReasons, reason.substr(0, bracket));
}

std::optional<std::string_view> subject_of_code(std::string_view code) { return words_of(kSubjects, code); }
std::optional<std::string_view> reason_of_code(std::string_view code) { return words_of(kReasons, code); }

}  // namespace twinmodels::platform
