#pragma once
// The one error of the SAIP codec and installation planner: what() names the
// profile element (0-based index in the package, or none), the ASN.1
// element path within it and the byte offset in the package.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace cardcore::saip {

inline constexpr std::size_t kNoPe = static_cast<std::size_t>(-1);
inline constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

class PackageError : public std::runtime_error {
 public:
  // what(): "PE #<index> <element> at byte <offset>: <problem>"; the parts
  // that do not apply (kNoPe, empty element, kNoOffset) are left out.
  PackageError(std::size_t pe_index, std::string element, std::size_t offset, const std::string& problem);

  std::size_t pe_index() const { return pe_index_; }
  const std::string& element() const { return element_; }
  std::size_t offset() const { return offset_; }
  const std::string& problem() const { return problem_; }

 private:
  std::size_t pe_index_;
  std::string element_;
  std::size_t offset_;
  std::string problem_;
};

}  // namespace cardcore::saip
