#pragma once
// The EIS of the policy rules tests (test_sm_sr_pol1.cpp,
// test_sm_sr_pol2.cpp): one eUICC with China Mobile's enabled profile (not
// the fall-back one) and its disabled one, each with the POL1 given.
#include <cstdint>
#include <string>

#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/eis.hpp"

namespace twinmodels::testing {

inline const std::string kPolicyEid = "89049032123451234512345678909999";
inline const std::string kPolicyOn = "8986040000000000991";
inline const std::string kPolicyOff = "8986040000000000992";

inline platform::Eis policy_eis(std::uint8_t enabled_pol1 = 0, std::uint8_t disabled_pol1 = 0) {
  platform::Eis e;
  e.eid = kPolicyEid;
  e.eum_id = "EUM-TEST";
  e.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  platform::EisProfile on;
  on.iccid = kPolicyOn;
  on.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
  on.mno_id = "CMCC";
  on.msisdn = "8613900000991";
  on.state = platform::ProfileState::Enabled;
  on.pol1 = enabled_pol1;
  platform::EisProfile off = on;
  off.iccid = kPolicyOff;
  off.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001100");
  off.msisdn = "8613900000992";
  off.state = platform::ProfileState::Disabled;
  off.pol1 = disabled_pol1;
  e.profiles = {on, off};
  return e;
}

}  // namespace twinmodels::testing
