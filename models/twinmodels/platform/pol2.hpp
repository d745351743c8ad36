#pragma once
// POL2, the SM-SR's policy rules for a profile (GSMA SGP.02 Policy Rules,
// §5.1.1.2 EIS ProfileInfo; the web-service schema's POL2 type): a list of
// rules, each a Subject (the profile), an Action and a Qualification. The
// SM-SR keeps them per profile in the EIS and enforces them before it
// addresses the eUICC; the eUICC never sees them (POL1 is the card's).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinmodels::platform {

enum class Pol2Action : std::uint8_t { Enable, Disable, Delete };
enum class Pol2Qualification : std::uint8_t { NotAllowed, AutoDelete };

// The schema's words: "ENABLE", "DISABLE", "DELETE"; "Not-Allowed",
// "Auto-Delete"; the Subject "PROFILE".
inline constexpr const char* kPol2Subject = "PROFILE";
const char* to_string(Pol2Action a);
const char* to_string(Pol2Qualification q);
std::optional<Pol2Action> pol2_action_of(std::string_view s);
std::optional<Pol2Qualification> pol2_qualification_of(std::string_view s);

struct Pol2Rule {
  Pol2Action action = Pol2Action::Disable;
  Pol2Qualification qualification = Pol2Qualification::NotAllowed;
  bool operator==(const Pol2Rule&) const = default;
};

// Why `rules` is not a POL2 the SM-SR takes, or nothing: Auto-Delete
// qualifies DISABLE only (a profile deleted after it was disabled); one
// rule per action.
std::optional<std::string> pol2_error(const std::vector<Pol2Rule>& rules);

// Whether `rules` forbid `action` ("<ACTION> Not-Allowed").
bool pol2_forbids(const std::vector<Pol2Rule>& rules, Pol2Action action);

// Whether `rules` have "DISABLE Auto-Delete": SGP.02's POL2 rule "Profile
// deletion is mandatory when its state is changed to disabled", which the
// SM-SR acts on (sm_sr_auto_delete.cpp).
bool pol2_auto_deletes(const std::vector<Pol2Rule>& rules);

// "DISABLE Not-Allowed, DELETE Not-Allowed"; "none" for no rule.
std::string pol2_text(const std::vector<Pol2Rule>& rules);

}  // namespace twinmodels::platform
