#include "cardcore/euicc/downloaded_profile.hpp"

#include <map>
#include <mutex>

#include "cardcore/profile/profile_parser.hpp"

namespace cardcore::euicc {

namespace {
// The template and its text in one allocation: both handles share it.
struct Parsed {
  std::string text;
  ProfileTemplate profile;
};
}  // namespace

DownloadedProfile shared_downloaded_profile(const std::string& text) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const Parsed>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  std::weak_ptr<const Parsed>& slot = cache[text];
  std::shared_ptr<const Parsed> p = slot.lock();
  if (!p) {
    p = std::make_shared<const Parsed>(Parsed{text, parse_profile(text, "downloaded profile package")});
    slot = p;
  }
  return {std::shared_ptr<const ProfileTemplate>(p, &p->profile), std::shared_ptr<const std::string>(p, &p->text)};
}

}  // namespace cardcore::euicc
