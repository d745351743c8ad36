#pragma once
// BER-TLV tags of the expanded remote application data format, ETSI TS 102
// 226 §5.2 (values as TS 101 220 §7.2 allocates them): the card's RFM
// (expanded_format.hpp) and the platform side (twinmodels::ota) share them.
#include <cstdint>

namespace cardcore::remote::expanded_tag {

// §5.2.1: the Command Scripting template, definite ('AA') or indefinite
// ('AE', length '80', ended by '00 00') length coding.
inline constexpr std::uint8_t kCommandScripting = 0xAA;
inline constexpr std::uint8_t kCommandScriptingIndefinite = 0xAE;
// §5.2.2: the Response Scripting template, likewise.
inline constexpr std::uint8_t kResponseScripting = 0xAB;
inline constexpr std::uint8_t kResponseScriptingIndefinite = 0xAF;

// §5.2.1 objects of a command script.
inline constexpr std::uint8_t kCApdu = 0x22;            // §5.2.1.1 C-APDU
inline constexpr std::uint8_t kImmediateAction = 0x81;  // §5.2.1.2
inline constexpr std::uint8_t kErrorAction = 0x82;      // §5.2.1.3
inline constexpr std::uint8_t kScriptChaining = 0x83;   // §5.2.1.4

// §5.2.2 objects of a response script.
inline constexpr std::uint8_t kExecutedCommands = 0x80;         // number of executed C-APDUs
inline constexpr std::uint8_t kRApdu = 0x23;                    // R-APDU: response data, SW1 SW2
inline constexpr std::uint8_t kImmediateActionResponse = 0x81;  // immediate action response
inline constexpr std::uint8_t kScriptChainingResponse = 0x83;   // script chaining response
inline constexpr std::uint8_t kBadFormat = 0x90;                // bad format

// An indefinite length field (ISO/IEC 8825-1 §8.1.3.6) and the
// end-of-contents octets that close it.
inline constexpr std::uint8_t kIndefiniteLength = 0x80;

}  // namespace cardcore::remote::expanded_tag
