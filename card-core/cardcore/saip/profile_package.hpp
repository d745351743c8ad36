#pragma once
// A profile package: the DER sequence of ProfileElements (PEDefinitions
// v3.3.1 ProfileElement CHOICE) that an SM-DP sends to the eUICC, decoded
// strictly and encoded canonically.
//
// Modelled PEs are typed structs; the PEs of the CHOICE this code does not
// model (PE-CD, PE-ISIM, PE-CSIM, PE-NonStandard, ...) and extension PEs of
// a later version are kept as OpaquePe and re-encoded byte for byte, unless
// their PEHeader marks them mandated and the type is unknown (an error).
// plan_install() refuses every opaque PE that is mandated.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cardcore/saip/aka_parameter.hpp"
#include "cardcore/saip/application.hpp"
#include "cardcore/saip/file_system_pe.hpp"
#include "cardcore/saip/generic_file_management.hpp"
#include "cardcore/saip/package_error.hpp"
#include "cardcore/saip/pin_puk_codes.hpp"
#include "cardcore/saip/profile_header.hpp"
#include "cardcore/saip/rfm.hpp"

namespace cardcore::saip {

struct PeEnd {
  PeHeader header;
  bool operator==(const PeEnd&) const = default;
};

// A PE kept as its DER contents (the value of its [n] TLV), checked to be
// well-formed DER TLVs whose first element is a PEHeader.
struct OpaquePe {
  std::uint32_t choice = 0;  // ProfileElement alternative = tag number [n]
  PeHeader header;
  Bytes contents;
  bool operator==(const OpaquePe&) const = default;
};

using ProfileElement = std::variant<ProfileHeader, FileSystemPe, PeGenericFileManagement, PePinCodes, PePukCodes,
                                    PeAkaParameter, PeSecurityDomain, PeRfm, PeApplication, PeEnd, OpaquePe>;

// ProfileElement alternative numbers (the [n] of each PE).
namespace pe_tag {
inline constexpr std::uint32_t kHeader = 0, kGenericFileManagement = 1, kPinCodes = 2, kPukCodes = 3,
                               kAkaParameter = 4, kCdmaParameter = 5, kSecurityDomain = 6, kRfm = 7,
                               kApplication = 8, kNonStandard = 9, kEnd = 10, kMf = 16, kCd = 17, kTelecom = 18,
                               kUsim = 19, kOptUsim = 20, kIsim = 21, kCsim = 25, kLast = 33;
}
// "PE-USIM", "PE-ISIM", "ProfileHeader", "extension PE [40]".
std::string pe_choice_name(std::uint32_t choice);
std::uint32_t choice_of(const ProfileElement& pe);
// The PEHeader of any PE but the ProfileHeader (nullptr for it).
const PeHeader* pe_header(const ProfileElement& pe);

struct ProfilePackage {
  std::vector<ProfileElement> elements;

  const ProfileHeader& header() const;  // elements[0]; throws PackageError if not
  template <class T>
  std::vector<const T*> all() const {
    std::vector<const T*> out;
    for (const auto& e : elements) {
      if (const T* p = std::get_if<T>(&e)) out.push_back(p);
    }
    return out;
  }
  // The file system PE of `kind`, or nullptr.
  const FileSystemPe* file_system(FileSystemKind kind) const;
  bool operator==(const ProfilePackage&) const = default;
};

// Strict DER decoding and the package rules (README.md "Package rules").
// Throws PackageError for every malformed or non-conforming input.
ProfilePackage decode_package(ByteView der);
// Canonical DER. The output is checked by decoding it again: a package that
// breaks a rule or a constraint of the module throws PackageError (its
// offsets refer to the would-be output). Structs that cannot be encoded at
// all throw std::invalid_argument: a FileSystemPe without a mandatory file
// or whose `files` does not match its kind, an OID that is not dotted
// decimal.
Bytes encode_package(const ProfilePackage& package);
// The package rules alone; offsets[i] (if given) is PE i's byte offset.
void check_package_rules(const ProfilePackage& package, const std::vector<std::size_t>& offsets = {});

}  // namespace cardcore::saip
