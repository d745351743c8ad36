#pragma once
// The templates of downloaded profiles (SGP.02 §3.1.3): every card whose
// package differs only in its per-card values shares one, keyed by the
// profile text saip::plan_install made of the package. The text stays with
// the template, so that a checkpoint can name it and a restore rebuild it.
#include <memory>
#include <string>

#include "cardcore/profile/profile_template.hpp"

namespace cardcore::euicc {

struct DownloadedProfile {
  std::shared_ptr<const ProfileTemplate> profile;
  std::shared_ptr<const std::string> text;  // the profile text it was parsed from
};

// The shared template of `text` (process-wide, held while a card uses it):
// parsed at the first use. Throws ProfileError for a text that does not parse.
DownloadedProfile shared_downloaded_profile(const std::string& text);

}  // namespace cardcore::euicc
