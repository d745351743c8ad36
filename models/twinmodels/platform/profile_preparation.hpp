#pragma once
// The SM-DP's profile store and profile preparation (GSMA SGP.02 §2.3.1,
// §3.1.3 "profile preparation"): the generic profiles of the operators it
// serves — each a decoded TCA profile package (card-core/cardcore/saip/),
// stored under a profile type name and owned by one operator, its own or a
// partner's — and the personalization of one for one subscription: the
// ProfileHeader's ICCID and EF.ICCID (TS 102 221 §13.2: BCD, nibbles
// swapped, 'F' filler), EF.IMSI (TS 31.102 §4.2.2) in the file system PEs,
// and the Milenage K and OPc of the PE-AKAParameter. What comes out is the
// package's DER as the eUICC takes it in the download's STORE DATA blocks.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/saip/profile_package.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::platform {

// One subscription's values for a generic profile.
struct SubscriptionValues {
  std::string iccid;  // 19 or 20 digits, the last one the Luhn check digit (E.118)
  std::string imsi;   // 6..15 digits
  cardcore::Bytes k;    // 16 bytes (Milenage)
  cardcore::Bytes opc;  // 16 bytes (Milenage)
};

// The package with `values` in their places. Throws std::invalid_argument
// naming the fault for a value of the wrong size or format, or a package
// without one of the places (no PE-MF EF.ICCID, no PE-USIM EF.IMSI, a file
// marked doNotCreate, not exactly one PE-AKAParameter with Milenage
// parameters); cardcore::saip::PackageError when the result breaks the
// package rules.
cardcore::Bytes personalize_package(const cardcore::saip::ProfilePackage& generic, const SubscriptionValues& values);

struct GenericProfile {
  std::string type;   // the profile type name the operators order by
  std::string owner;  // the operator whose profile it is
  cardcore::saip::ProfilePackage package;
};

class ProfileStore {
 public:
  // Stores the package `der` (decoded: cardcore::saip::PackageError when it
  // is not a valid package) as `type` of `owner`. Throws
  // std::invalid_argument for a type already stored or a package lacking
  // one of the places prepare() fills.
  void add(std::string type, std::string owner, cardcore::ByteView der);
  const GenericProfile* find(std::string_view type) const;
  // The types `owner` owns, in name order.
  std::vector<std::string> types_of(std::string_view owner) const;

  // The DER of `type` personalized with `values` (personalize_package).
  // Throws std::invalid_argument for an unknown type, and as
  // personalize_package.
  cardcore::Bytes prepare(std::string_view type, const SubscriptionValues& values) const;

 private:
  std::map<std::string, GenericProfile, std::less<>> profiles_;
};

}  // namespace twinmodels::platform
