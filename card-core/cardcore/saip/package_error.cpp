#include "cardcore/saip/package_error.hpp"

namespace cardcore::saip {

namespace {
std::string message(std::size_t pe, const std::string& element, std::size_t offset, const std::string& problem) {
  std::string m;
  if (pe != kNoPe) m = "PE #" + std::to_string(pe);
  if (!element.empty()) m += (m.empty() ? "" : " ") + element;
  if (offset != kNoOffset) m += (m.empty() ? "" : " ") + std::string("at byte ") + std::to_string(offset);
  return m.empty() ? problem : m + ": " + problem;
}
}  // namespace

PackageError::PackageError(std::size_t pe_index, std::string element, std::size_t offset, const std::string& problem)
    : std::runtime_error(message(pe_index, element, offset, problem)),
      pe_index_(pe_index),
      element_(std::move(element)),
      offset_(offset),
      problem_(problem) {}

}  // namespace cardcore::saip
