#pragma once
// Identifiers and codings of the GSMA SGP.02 M2M eUICC (v3.2 / v4.x) that
// the card side uses: security domain AIDs and TARs, ISD-P life cycle
// states, the DGIs of the ISD-R's STORE DATA functions, notification types
// and the POL1 bits. Where the SGP.02 text was not at hand the coding is
// marked "ours" (README.md, "Codings").
#include <array>
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::euicc {

using Aid16 = std::array<std::uint8_t, 16>;

// SGP.02 Annex H: AIDs under the GSMA RID 'A0 00 00 05 59' ('10 10' the
// eUICC applications, 'FF FF FF FF 89' then the application number).
inline constexpr Aid16 kIsdRAid = {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                   0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00};
inline constexpr Aid16 kEcasdAid = {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                    0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x02, 0x00};
inline constexpr Aid16 kIsdPLoadFileAid = {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                           0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x0D, 0x00};
inline constexpr Aid16 kIsdPModuleAid = {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                         0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x0E, 0x00};
// SGP.02 §2.2.3: ISD-P AIDs are 'A0 00 00 05 59 10 10 FF FF FF FF 89 00'
// XX XX '00' with XX XX from '00 10' (the SM-SR allocates them); the TAR
// of a security domain is bytes 13-15 of its AID (TS 102 226
// §8.2.1.3.2.2): ISD-R '00 00 01', ECASD '00 00 02', ISD-P '…00 00 10 00'
// '00 00 10'.
bool is_isdp_aid(ByteView aid);

// ISD-P life cycle states (SGP.02 §2.2.1.2, the GP Security Domain states
// of GP Card Specification §5.3.2 plus the two profile states): in the
// registry record's life cycle byte.
namespace isdp_state {
inline constexpr std::uint8_t kSelectable = 0x07;    // created (ES5.CreateISDP)
inline constexpr std::uint8_t kPersonalized = 0x0F;  // keys established (ES8.EstablishISDPKeySet)
inline constexpr std::uint8_t kDisabled = 0x1F;      // a profile installed, not enabled
inline constexpr std::uint8_t kEnabled = 0x3F;       // the enabled profile
}  // namespace isdp_state

// The ISD-R's STORE DATA (GP §11.11, P1 '88'/'89': last block, DGI format)
// DGIs (SGP.02 §4.1.1).
namespace dgi {
inline constexpr std::uint16_t kEnableProfile = 0x3A03;            // §4.1.1.2
inline constexpr std::uint16_t kDisableProfile = 0x3A04;           // §4.1.1.3
inline constexpr std::uint16_t kSetFallbackAttribute = 0x3A05;     // §4.1.1.7 (coding ours)
inline constexpr std::uint16_t kMasterDelete = 0x3A06;             // §4.1.1.6 (coding ours)
inline constexpr std::uint16_t kUpdateConnectivityParameters = 0x3A07;  // §4.1.3.4
inline constexpr std::uint16_t kNotificationConfirmation = 0x3A08;  // §4.1.1.12
inline constexpr std::uint16_t kUpdatePolicyRules = 0x3A09;        // ISD-P, POL1 (coding ours)
// The emergency profile (SGP.02 from v3.1, "Emergency Profile"; codings ours):
// ES5.SetEmergencyProfileAttribute, and the device's local enable and
// disable through the ISD-R selected on a logical channel.
inline constexpr std::uint16_t kSetEmergencyProfileAttribute = 0x3A0A;
inline constexpr std::uint16_t kLocalEnableEmergencyProfile = 0x3A0B;
inline constexpr std::uint16_t kLocalDisableEmergencyProfile = 0x3A0C;
}  // namespace dgi

// Notification types (SGP.02 §4.1.1.11, tag '4D').
namespace notification {
inline constexpr std::uint8_t kEuiccDeclaration = 0x01;
inline constexpr std::uint8_t kProfileChangeSucceeded = 0x02;
inline constexpr std::uint8_t kProfileChangeFailedAndRollback = 0x03;
inline constexpr std::uint8_t kProfileChangeAfterFallback = 0x05;
inline constexpr std::uint8_t kEmergencyProfileEnabled = 0x06;   // ours
inline constexpr std::uint8_t kEmergencyProfileDisabled = 0x07;  // ours
}  // namespace notification

// POL1 (SGP.02 "Policy Rules"; one byte here, the bits ours):
namespace pol1 {
inline constexpr std::uint8_t kDisableNotAllowed = 0x01;
inline constexpr std::uint8_t kDeleteNotAllowed = 0x02;
inline constexpr std::uint8_t kDeleteWhenDisabled = 0x04;  // deletion mandatory on disable
}  // namespace pol1

}  // namespace cardcore::euicc
