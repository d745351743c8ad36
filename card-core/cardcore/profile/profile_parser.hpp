#pragma once
// Card profiles as text (docs/PROFILE-FORMAT.md): the parser that reads a
// profile description and builds the immutable ProfileTemplate with its
// factory NVM image.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cardcore/profile/profile_template.hpp"

namespace cardcore {

// A profile that cannot be built. what() is "<source>:<line>: <problem>"
// ("<source>: <problem>" when no line applies, e.g. an unreadable file).
class ProfileError : public std::runtime_error {
 public:
  ProfileError(const std::string& source, std::size_t line, const std::string& problem);
  std::size_t line() const { return line_; }  // 1-based; 0 if none

 private:
  std::size_t line_;
};

// Parses a profile description and lays out its NVM image. source_name is
// used in error messages only. Throws ProfileError.
ProfileTemplate parse_profile(std::string_view text, const std::string& source_name);

// Reads and parses the profile file at path. Throws ProfileError.
ProfileTemplate load_profile(const std::string& path);

}  // namespace cardcore
