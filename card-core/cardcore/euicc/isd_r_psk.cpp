// The ISD-R's SCP81 pre-shared key from a key establishment (SGP.02 §3.8,
// the SM-SR change over HTTPS, §2.4.4): as njiwa's CreateSCP81KeySet, the
// new SM-SR runs GPC Amendment E scenario #3 with the ISD-R with a CRT of
// key usage qualifier '5C' (one key) and key type '85' (PSK-TLS, GPC Card
// Specification Table 11-16); the derived key goes to a free EF.SCP81_PSK
// record under the CRT's key version and identifier, in one NVM
// transaction. FinaliseISDRhandover deletes the old SM-SR's
// (isd_r_keys.cpp).
#include <algorithm>

#include "cardcore/card/uicc.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "cardcore/euicc/platform_records.hpp"
#include "cardcore/gp/isd.hpp"

namespace cardcore::euicc {

// A key version outside the SCP81 range '6A80'; one the ISD-R has already
// '6985' (as for its SCP80 key sets); no free record '6A84'. With the
// scenario parameter "delete keys" the new PSK replaces the existing ones.
StatusWord Euicc::add_isd_r_psk(const ecasd::CardKeyEstablishmentResult& r) {
  if (!is_scp81_key_version(r.key_version)) return sw::kIncorrectData;
  if (r.psk.size() != 16 && r.psk.size() != 32) return sw::kIncorrectData;  // the ECASD checked the CRT's length
  const std::vector<Scp81Psk> existing = read_scp81_psks(platform_);
  if (!r.delete_existing_keys &&
      std::any_of(existing.begin(), existing.end(), [&](const Scp81Psk& k) { return k.key_version == r.key_version; })) {
    return sw::kConditionsNotSatisfied;
  }
  std::uint8_t target = free_scp81_psk_record(platform_);
  if (target == 0 && r.delete_existing_keys && !existing.empty()) target = existing.front().record;
  if (target == 0) return sw::kNotEnoughMemory;
  platform_.nvm().begin();
  if (r.delete_existing_keys) {
    for (const Scp81Psk& k : existing) stage_free_scp81_psk(platform_, k.record);
  }
  stage_scp81_psk(platform_, Scp81Psk{target, r.key_version, r.key_identifier, r.psk});
  return gp::commit_registry(platform_);
}

}  // namespace cardcore::euicc
