#pragma once
// The product testing gate of the twin (source document §4.1.1, §4.2,
// §4.3; docs/CERTIFICATION.md): a card model goes through CMCC's profile
// compatibility test and end-to-end service test, each case with its
// verdict. The card is a card-core card from a profile description (the
// domestic card, §3.1.1) or one that installs an imported profile package
// (TCA Interoperable Profile, as an import card's vendor supplies it).
// The test laboratory holds what a vendor hands over with a card: its
// subscription keys (K, OPc) and its OTA key sets.
#include <optional>
#include <string>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/certification/certification_report.hpp"

namespace twinmodels::certification {

struct CardSource {
  // Euicc: an SGP.02 M2M eUICC (the import card of §4.1.1), its platform
  // storage described by `description` (profiles/euicc-platform.prof), made
  // by the laboratory's EUM with the foreign operator's profile
  // `factory_package` enabled; the operator's profile `package` is
  // downloaded into it, and the cases run on that profile.
  enum class Kind { ProfileDescription, ProfilePackage, Euicc } kind = Kind::ProfileDescription;
  std::string name;         // the file, for the report and the errors
  std::string description;  // ProfileDescription, Euicc: its text (docs/PROFILE-FORMAT.md)
  cardcore::Bytes package;  // ProfilePackage: its DER; Euicc: the profile to download
  cardcore::Bytes factory_package;  // Euicc: the profile installed at the eUICC factory
  std::string eid = "89086030000000000000000000000192";  // Euicc: 32 digits (SGP.02 §2.2.2)
  // ProfileDescription: the card's own values; none: the profile's factory
  // values. A package carries its own.
  std::optional<cardcore::Personalization> personalization;
};

struct CertificationOptions {
  // The operator's PLMNs a profile's IMSI must belong to (MCC and a
  // two-digit MNC, TS 23.003 §2.2): China Mobile's.
  std::vector<std::string> home_plmns = {"46000", "46002", "46004", "46007", "46008", "46013"};
  // E.118 §4.4 issuer prefix of the ICCID: 89 (telecom) + 86 (China).
  std::string iccid_prefix = "8986";
};

// Never throws for the card's faults: they are failed cases.
CertificationReport certify(const CardSource& card, const CertificationOptions& options = {});

}  // namespace twinmodels::certification
