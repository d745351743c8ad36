#pragma once
// The platform's keys for one card: an OTA platform (SM-SR, write-card
// platform) reaches subscriber N's card with N's own OTA keys, which the card
// factory wrote at personalization (cardcore::Personalization::ota_keys).
// The twin derives both from the scenario seed (network/subscriber_keys.hpp,
// SubscriberKeyDerivation::ota_keys), so the platform holds no key table and
// agrees with every card the engine personalized.
#include <cstdint>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/profile/profile_template.hpp"
#include "cardcore/sms/address.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"

namespace twinmodels::ota {

// The OtaCardConfig of subscriber `subscriber`'s card application `tar`:
// the KIc and KID bytes of the first key set record of the profile for that
// TAR (TS 102 225 §5.1.2, §5.1.3: algorithm and key version), its keys
// derived for the subscriber, the given SPI and originator, counter 0 (a
// new card). Throws std::invalid_argument when the profile has no key set
// record for the TAR.
OtaCardConfig subscriber_ota_config(const cardcore::ProfileTemplate& profile, const SubscriberKeyDerivation& keys,
                                    std::uint64_t subscriber, const cardcore::ota::Tar& tar,
                                    const cardcore::ota::CommandSecurity& security,
                                    const cardcore::sms::Address& originator);
// The same from the scenario seed (one HMAC more: keep a
// SubscriberKeyDerivation for many subscribers).
OtaCardConfig subscriber_ota_config(const cardcore::ProfileTemplate& profile, std::uint64_t seed,
                                    std::uint64_t subscriber, const cardcore::ota::Tar& tar,
                                    const cardcore::ota::CommandSecurity& security,
                                    const cardcore::sms::Address& originator);

}  // namespace twinmodels::ota
