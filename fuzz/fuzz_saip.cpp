// libFuzzer harness on the SAIP profile package decoder (card-core/cardcore/
// saip/): any bytes either decode or throw PackageError; what decodes must
// re-encode to the same bytes (DER is canonical), and its installation plan
// must either be refused (PackageError) or give a profile text that
// parse_profile takes or refuses with ProfileError, and a card built from
// it must take the plan's personalization.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/saip/install_plan.hpp"

using namespace cardcore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  saip::ProfilePackage pkg;
  try {
    pkg = saip::decode_package(in);
  } catch (const saip::PackageError&) {
    return 0;
  }
  const Bytes again = saip::encode_package(pkg);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  saip::InstallPlan plan;
  try {
    plan = saip::plan_install(pkg);
  } catch (const saip::PackageError&) {
    return 0;
  }
  std::shared_ptr<const ProfileTemplate> tmpl;
  try {
    tmpl = std::make_shared<const ProfileTemplate>(parse_profile(plan.profile_text, "fuzz"));
  } catch (const ProfileError&) {
    return 0;
  }
  Uicc card(tmpl);
  card.power_on();
  card.personalize(plan.personalization);  // a plan's values fit its own text
  card.power_on();
  return 0;
}
