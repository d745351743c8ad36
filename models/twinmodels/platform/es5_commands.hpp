#pragma once
// The C-APDUs an SM-SR sends the ISD-R for the ES5 functions (GSMA SGP.02
// §4.1.1, the card side in card-core/cardcore/euicc/): STORE DATA of one DGI
// (GP §11.11, P1 '88' last block, DGI format; '89' when it wants response
// data), GET DATA (GP §11.3), DELETE (GP §11.2), INSTALL (GP §11.5) and GET
// STATUS (GP §11.4). The DGI codings are the eUICC's (euicc/sgp02.hpp, some
// ours: its README "Codings").
#include <cstdint>
#include <optional>

#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/ram_commands.hpp"

namespace twinmodels::platform::es5 {

using cardcore::Bytes;
using cardcore::ByteView;

Bytes enable_profile(ByteView isdp_aid);
Bytes disable_profile(ByteView isdp_aid);
Bytes set_fallback_attribute(ByteView isdp_aid);
Bytes set_emergency_profile_attribute(ByteView isdp_aid);
Bytes update_connectivity_parameters(const cardcore::euicc::SmsrAddressing& a);
// With Le: the eUICC answers the ISD-Ps the confirmation deleted ('80' {…}).
Bytes notification_confirmation(std::uint16_t sequence);
// ES5.DeleteProfile: DELETE of the ISD-P with its profile.
Bytes delete_profile(ByteView isdp_aid);
// ES5.FinaliseISDRhandover: DELETE [key] of the key set `key_version`
// (GP §11.2.2.3.2: 'D2' key version number).
Bytes delete_key_set(std::uint8_t key_version);
// ES5.CreateISDP: INSTALL [for install and make selectable] of the ISD-P
// module, privileges '80 C0 00', 'C9' as the eUICC takes it, and the
// non-volatile memory quota 'C8' when given.
Bytes create_isdp(ByteView isdp_aid, std::optional<std::uint32_t> nonvolatile_quota = std::nullopt);
// ES5.AuditEIS / eUICCCapabilityAudit: GET DATA of the EID ('5A'), of the
// card resources ('FF21'), GET STATUS of the ISD-Ps (P1 '40', TLV format).
Bytes get_eid();
// GET DATA '7F21': the eUICC's CERT.ECASD.ECKA as the EUM stored it (the
// card's README, "GET DATA"; a read the laboratory makes, ours).
Bytes get_ecasd_certificate();
Bytes get_card_resources();
Bytes get_status_isdps();

// Answers read back.
struct CardResources {
  std::uint32_t installed_applications = 0;
  std::uint32_t free_nonvolatile = 0;
  std::uint32_t free_volatile = 0;
};
// The ISD-Ps (SGP.02 Annex H: the ISD-R's AID prefix, not the ISD-R) of
// get_status_isdps()'s answer. Throws ota::OtaError when it is no GET
// STATUS response.
std::vector<ota::StatusEntry> read_isdps(ByteView data);
// TS 102 226 §8.2.1.7.2: 'FF21' { '81', '82', '83' }; nullopt when malformed.
std::optional<CardResources> read_card_resources(ByteView data);

}  // namespace twinmodels::platform::es5
