#pragma once
// Typed readers of scenario values. Each fails through YamlField::fail with
// what was expected and what was found, so messages read the same everywhere.
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "twinmodels/network/net_time.hpp"
#include "twinsim/scenario/spelling.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

// A name used in reports and run files: letters, digits, '-', '_', '.'.
std::string read_name(const YamlField& f);

// A whole number written in decimal digits, within [min, max].
std::uint64_t read_whole(const YamlField& f, std::uint64_t min,
                         std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

// Quantities with units (units.hpp), in seconds, flops, bytes per second and
// bytes; never negative.
double read_duration(const YamlField& f);
// A duration with an optional '-' before it ("-2h"): a clock's offset.
double read_signed_duration(const YamlField& f);
double read_flops(const YamlField& f);
double read_bandwidth(const YamlField& f);
double read_size(const YamlField& f);
// A size in whole bytes (below 2^53).
std::uint64_t read_byte_count(const YamlField& f);

// A probability written as a decimal fraction (digits, optionally a point
// and digits) in [0, 1): a link's loss.
double read_loss(const YamlField& f);

// A duration as the network models count time: whole microseconds
// (twinmodels::NetTime). Fails for a finer fraction or one too long to count.
twinmodels::NetTime read_net_time(const YamlField& f);

// A decimal number (digits, optionally a point and more digits: no sign,
// exponent or unit) within (0, max], e.g. a rate whose key names its unit.
double read_positive_decimal(const YamlField& f, double max);

// A signed decimal number (an optional '-', digits, optionally a point and
// more digits: no exponent or unit) within [min, max], e.g. a temperature
// in °C whose key names its unit.
double read_decimal(const YamlField& f, double min, double max);

// One of a fixed set of words, e.g. the modem kinds. `what` names the set in
// the message: "unknown modem 'nbiot'; did you mean 'nb-iot'? (allowed: ...)".
template <class E>
E read_word(const YamlField& f, const std::string& what, const std::vector<std::pair<std::string, E>>& words) {
  const std::string& text = f.text();
  std::vector<std::string> allowed;
  for (const auto& [word, value] : words) {
    if (word == text) return value;
    allowed.push_back(word);
  }
  const auto guess = closest_word(text, allowed);
  f.fail("unknown " + what + " '" + text + "'" + (guess ? "; did you mean '" + *guess + "'?" : "") +
         " (allowed: " + join_words(allowed) + ")");
}

}  // namespace twinsim
