#pragma once
// The error of the network models' information-element codecs and parameter
// checks: malformed IEs (TS 24.008 / TS 24.301 encodings) and values no
// network could negotiate.
#include <stdexcept>
#include <string>

namespace twinmodels {

// what() reads "<ie>: <what>", e.g. "GPRS timer 3: length 0, expected 1".
class NetworkIeError : public std::invalid_argument {
 public:
  NetworkIeError(const std::string& ie, const std::string& what) : std::invalid_argument(ie + ": " + what) {}
};

}  // namespace twinmodels
