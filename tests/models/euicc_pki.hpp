#pragma once
// The card-core tests' SGP.02 PKI (tests/card-core/ecasd_pki.hpp: CI, EUM,
// eUICC, SM-DP, SM-SR), made once, and the eUICC's ECASD content from it,
// for the platforms' key establishments.
#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "ecasd_pki.hpp"

namespace twinmodels::testing {

inline const cardcore::ecasd::testing::Pki& pki() {
  static const cardcore::ecasd::testing::Pki p = cardcore::ecasd::testing::make_pki();
  return p;
}

// The ECASD of the test PKI (its certificate signed by the EUM).
inline cardcore::euicc::EcasdPersonalization ecasd_of_pki() {
  return {pki().euicc.key, cardcore::ecasd::encode_certificate(pki().euicc.certificate), pki().ci.certificate.public_key,
          pki().ci.certificate.subject_identifier, cardcore::ecasd::CertificateDate{2024, 6, 1}};
}

}  // namespace twinmodels::testing
