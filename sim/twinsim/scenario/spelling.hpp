#pragma once
// Word helpers for scenario messages: "did you mean" suggestions and lists
// of the words allowed at a place.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinsim {

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of two neighbours each cost one ("cuont" is one edit from "count").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` if it is at most two edits away (and fewer
// edits than `word` has letters, so "xy" does not suggest "at"); the first one
// listed wins a tie.
std::optional<std::string> closest_word(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join_words(const std::vector<std::string>& words);

}  // namespace twinsim
