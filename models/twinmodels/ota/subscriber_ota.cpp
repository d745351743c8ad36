#include "twinmodels/ota/subscriber_ota.hpp"

#include <stdexcept>

#include "cardcore/remote/key_sets.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

OtaCardConfig subscriber_ota_config(const cardcore::ProfileTemplate& profile, const SubscriberKeyDerivation& keys,
                                    std::uint64_t subscriber, const cardcore::ota::Tar& tar,
                                    const cardcore::ota::CommandSecurity& security,
                                    const cardcore::sms::Address& originator) {
  for (const cardcore::remote::KeySetRecord& r : cardcore::remote::factory_key_set_records(profile)) {
    if (r.tar != tar) continue;
    const cardcore::OtaKeyValues k = keys.ota_keys(subscriber, r.record, r.kic_length, r.kid_length);
    OtaCardConfig c;
    c.tar = tar;
    c.keys.kic = r.kic;
    c.keys.kic_key = k.kic_key;
    c.keys.kid = r.kid;
    c.keys.kid_key = k.kid_key;
    c.security = security;
    c.originator = originator;
    return c;
  }
  throw std::invalid_argument("subscriber_ota_config: profile " + profile.name + " has no OTA key set for TAR " +
                              cardcore::to_hex(tar));
}

OtaCardConfig subscriber_ota_config(const cardcore::ProfileTemplate& profile, std::uint64_t seed,
                                    std::uint64_t subscriber, const cardcore::ota::Tar& tar,
                                    const cardcore::ota::CommandSecurity& security,
                                    const cardcore::sms::Address& originator) {
  return subscriber_ota_config(profile, SubscriberKeyDerivation(seed), subscriber, tar, security, originator);
}

}  // namespace twinmodels::ota
