#pragma once
// Quantities with units, as scenario files and the command line write them
// (docs/SCENARIOS.md): "1.5h", "200kf", "100MBps", "200B". A bare number is
// refused so that no value is ever read in a unit its writer did not mean.
#include <string>

namespace twinsim {

// Each returns the value in its base unit: seconds, flops, bytes per second,
// bytes. Throws std::invalid_argument naming the text and the units allowed;
// negative values are refused (none of these quantities can be negative).
double parse_duration(const std::string& text);   // ms, s, min, h, d
double parse_flops(const std::string& text);      // f, kf, Mf, Gf
double parse_bandwidth(const std::string& text);  // Bps, kBps, MBps, GBps
double parse_size(const std::string& text);       // B, kB, MB

}  // namespace twinsim
