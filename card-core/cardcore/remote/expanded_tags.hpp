#pragma once
// BER-TLV tags of the expanded remote application data format, ETSI TS 102
// 226 §5.2 (values as TS 101 220 §7.2 allocates them), and the values of
// its script chaining TLVs: the card's RFM (expanded_format.hpp,
// script_chaining.hpp) and the platform side (twinmodels::ota) share them.
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

namespace cardcore::remote {

// §5.2.1.4: the values of the Script Chaining TLV.
namespace chaining {
inline constexpr std::uint8_t kFirstDeleteOnReset = 0x01;  // first script; the chain is lost at a reset
inline constexpr std::uint8_t kFirstKeepOnReset = 0x11;    // first script; the chain survives a reset
inline constexpr std::uint8_t kSubsequent = 0x02;          // more scripts follow
inline constexpr std::uint8_t kLast = 0x03;                // the last script of the chain
}  // namespace chaining

// §5.2.2: the values of the Script Chaining Response TLV (as pySim's codec
// of TS 102 226 V19 names them).
enum class ChainingResponse : std::uint8_t {
  NoPreviousScript = 0x01,
  NotSupported = 0x02,
  UnableToProcess = 0x03,
};

}  // namespace cardcore::remote
