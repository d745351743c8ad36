#pragma once
// The write-card applet's message format (docs/WRITE-CARD.md): what a
// write-card platform sends in the secured data of a command packet to the
// applet's TAR, and what the applet answers in the PoR's additional data.
// Shared by the card (write_card.cpp) and the platform side (models/).
// BER-TLV (ISO/IEC 8825-1), private-class tags: our own format, as every
// operator's write-card applet has its own.
#include <array>
#include <cstdint>

namespace cardcore::applet::write_card {

// The load file, module and instance of the applet. 'F0' opens an AID
// outside ISO/IEC 7816-5 registration (proprietary); "ESIMTWIN" in ASCII.
inline constexpr std::array<std::uint8_t, 10> kLoadFileAid = {0xF0, 0x45, 0x53, 0x49, 0x4D, 0x54, 0x57, 0x49, 0x4E, 0x01};
inline constexpr std::array<std::uint8_t, 11> kModuleAid = {0xF0, 0x45, 0x53, 0x49, 0x4D, 0x54, 0x57, 0x49, 0x4E, 0x01, 0x01};

// Commands: one template per packet.
inline constexpr std::uint8_t kWrite = 0xE1;     // a new subscription
inline constexpr std::uint8_t kRollback = 0xE2;  // swap back to the kept one
inline constexpr std::uint8_t kStatus = 0xE3;    // report, change nothing

// Fields of a subscription (in kWrite; kept in the backup the same way).
inline constexpr std::uint8_t kImsi = 0x80;         // EF.IMSI contents, 9 bytes (TS 31.102 §4.2.2)
inline constexpr std::uint8_t kK = 0x81;            // 16 bytes
inline constexpr std::uint8_t kOpc = 0x82;          // 16 bytes
inline constexpr std::uint8_t kMsisdn = 0x83;       // EF.MSISDN record 1 (§4.2.26)
inline constexpr std::uint8_t kSmsp = 0x84;         // EF.SMSP record 1 (§4.2.27)
inline constexpr std::uint8_t kPlmnWact = 0x85;     // EF.PLMNwAcT (§4.2.5)
inline constexpr std::uint8_t kOplmnWact = 0x86;    // EF.OPLMNwACT (§4.2.53)
inline constexpr std::uint8_t kHplmnWact = 0x87;    // EF.HPLMNwAcT (§4.2.54)
inline constexpr std::uint8_t kFplmn = 0x88;        // EF.FPLMN (§4.2.16)
inline constexpr std::uint8_t kIccid = 0x89;        // EF.ICCID, 10 bytes (TS 102 221 §13.2)
inline constexpr std::uint8_t kSqnArray = 0x8A;     // backup only: the SQN array (TS 33.102 Annex C)
inline constexpr std::uint8_t kWriteId = 0xC0;      // 4 bytes: the platform's number for this write
inline constexpr std::uint8_t kRefreshMode = 0xC1;  // 1 byte: TS 102 223 §8.6 REFRESH qualifier; 'FF' none

// Response: 'E9' { kResult, kWriteId (now current), kImsi (now current),
// kBackup, [kRefreshQueued] }.
inline constexpr std::uint8_t kResponse = 0xE9;
inline constexpr std::uint8_t kResult = 0x90;         // 1 byte, Result
inline constexpr std::uint8_t kBackup = 0x91;         // 1 byte: 01 a subscription is kept for rollback
inline constexpr std::uint8_t kRefreshQueued = 0x92;  // 1 byte: the REFRESH mode queued

enum class Result : std::uint8_t {
  Done = 0x00,
  AlreadyApplied = 0x01,   // the write id is the current one: nothing changed
  BadFormat = 0x02,        // not one known template, malformed TLVs, unknown tag
  BadField = 0x03,         // a required field missing, a field of the wrong size, a bad REFRESH mode
  NoBackup = 0x04,         // rollback without a kept subscription
  NoMemory = 0x05,         // the backup does not fit, or the NVM refused the write
  NoSuchFile = 0x06,       // a field for a file this card lacks
};

inline constexpr std::uint8_t kNoRefresh = 0xFF;
inline constexpr std::uint8_t kDefaultRefresh = 0x04;  // UICC reset

}  // namespace cardcore::applet::write_card
