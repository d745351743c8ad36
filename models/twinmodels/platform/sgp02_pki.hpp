#pragma once
// An SGP.02 PKI (§2.3) of the twin's own: the CI, the eUICCs' EUM, the
// SM-DPs and the SM-SRs, each key pair from a seed (an engine run's scenario
// seed, the certification laboratory's own; cardcore::ecasd::
// private_key_from_seed), their certificates in the
// GlobalPlatform format (§2.3.2): the CI's self-signed, the EUM's, the
// SM-DPs' (type '01', SGP.02 Table 77) and the SM-SRs' (type '02') issued
// by the CI; per eUICC the ECASD's key SK.ECASD.ECKA and CERT.ECASD.ECKA
// issued by the EUM, subject the EID. Identifiers, serial numbers and
// dates are ours.
#include <cstdint>
#include <string>
#include <string_view>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/euicc/euicc.hpp"

namespace twinmodels::platform {

class Sgp02Pki {
 public:
  explicit Sgp02Pki(std::uint64_t seed);

  const cardcore::ecasd::Certificate& ci() const { return ci_; }
  const cardcore::ecasd::Certificate& eum() const { return eum_; }
  // What the EUM writes into device d's ECASD (its EID `eid`).
  cardcore::euicc::EcasdPersonalization ecasd(const std::string& eid) const;
  // A platform's key pair and certificate issued by the CI.
  struct Party {
    cardcore::ecasd::PrivateKey key;
    cardcore::ecasd::Certificate certificate;
  };
  // An SM-DP's SK.DP.ECDSA and CERT.DP.ECDSA (type '01', SGP.02 Table 77);
  // `serial` (1, 2, ...: platforms.sm_dp order) tells the run's SM-DPs
  // apart. The first's key is the run's "SM-DP" key whatever its id (the
  // one a run had before it could have several).
  Party smdp(const std::string& id, std::uint8_t serial) const;
  // An SM-SR's SK.SR.ECDSA and CERT.SR.ECDSA (type '02'); `serial` tells
  // the run's SM-SRs apart.
  Party smsr(const std::string& id, std::uint8_t serial) const;
  // A key pair of the run's own use (an ephemeral key of a key
  // establishment), named by `who`, from the seed.
  cardcore::ecasd::PrivateKey key(std::string_view who) const;

 private:
  std::uint64_t seed_;
  cardcore::ecasd::PrivateKey ci_key_, eum_key_;
  cardcore::ecasd::Certificate ci_, eum_;
};

}  // namespace twinmodels::platform
