#pragma once
// The eUICC Information Set an SM-SR keeps per eUICC (GSMA SGP.02 §5.1.1.2,
// EIS): the eUICC's identity and memory, its ISD-R, and per profile the
// ICCID, the ISD-P, the owning MNO and SM-DP, the subscription address
// (IMSI, MSISDN), the state, the attributes and the policy rules — what the SM-SR knows, kept
// up to date from the eUICC's answers, audits and notifications.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/pol2.hpp"

namespace twinmodels::platform {

// SGP.02 §2.2.1.2 profile states as the EIS records them.
enum class ProfileState : std::uint8_t { Created, Disabled, Enabled };

const char* to_string(ProfileState s);

struct EisProfile {
  std::string iccid;       // 19 or 20 digits as printed (with the Luhn digit)
  cardcore::Bytes isdp_aid;
  std::string mno_id;
  std::string smdp_id;
  std::string imsi;
  std::string msisdn;      // the subscription's number: where its SMS come from
  ProfileState state = ProfileState::Disabled;
  bool fallback = false;
  bool emergency = false;
  std::uint8_t pol1 = 0;
  // The SM-SR's POL2 for this profile (pol2.hpp), none by default; set by
  // ES4/ES3.UpdatePolicyRules.
  std::vector<Pol2Rule> pol2;
};

struct Eis {
  std::string eid;            // 32 digits
  std::string eum_id;
  std::string smsr_id;        // the SM-SR that manages it now
  cardcore::Bytes isd_r_aid;
  // The ISD-R's SCP81 PSK version ('40'-'4F') of the SM-SR that manages it
  // (SGP.02 §5.1.1.2: the ISD-R's key sets); none: the ISD-R has no SCP81
  // keys, ES5 by SMS only.
  std::optional<std::uint8_t> isd_r_psk_version;
  cardcore::Bytes ecasd_certificate;  // CERT.ECASD.ECKA ('7F21'), from the EUM: the key establishments' PK.ECASD.ECKA
  std::vector<EisProfile> profiles;
  // From the last capability audit (GET DATA 'FF21'), when there was one.
  std::optional<std::uint32_t> free_nonvolatile_memory;
  std::optional<std::uint32_t> free_volatile_memory;
  std::optional<std::uint32_t> installed_applications;

  const EisProfile* by_iccid(std::string_view iccid) const;
  const EisProfile* by_isdp(cardcore::ByteView aid) const;
  EisProfile* by_iccid(std::string_view iccid) { return const_cast<EisProfile*>(std::as_const(*this).by_iccid(iccid)); }
  EisProfile* by_isdp(cardcore::ByteView aid) { return const_cast<EisProfile*>(std::as_const(*this).by_isdp(aid)); }
  const EisProfile* enabled() const;
  // Makes `aid`'s profile the enabled one and every other enabled one
  // disabled; false when the EIS has no such profile.
  bool set_enabled(cardcore::ByteView aid);
};

}  // namespace twinmodels::platform
