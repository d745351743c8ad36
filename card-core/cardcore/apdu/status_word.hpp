#pragma once
// Status words of the UICC, ETSI TS 102 221 §10.2.1, and of the GSM SIM
// application, 3GPP TS 51.011 §9.4 (answered to CLA 'A0' commands).
#include <cstdint>
#include <string_view>

namespace cardcore {

using StatusWord = std::uint16_t;

namespace sw {
// §10.2.1.1 Normal processing
inline constexpr StatusWord kOk = 0x9000;
inline constexpr StatusWord kOkProactive = 0x9100;    // '91XX': XX = length of the pending proactive command
inline constexpr StatusWord kOkDataTransfer = 0x9200; // '92XX': ongoing data transfer session
inline constexpr StatusWord kMoreData = 0x6100;       // '61XX': XX response bytes still available
// §10.2.1.2 Postponed processing
inline constexpr StatusWord kBusy = 0x9300;
// §10.2.1.3 Warnings
inline constexpr StatusWord kWarnNoInfo = 0x6200;
inline constexpr StatusWord kWarnDataCorrupted = 0x6281;
inline constexpr StatusWord kWarnEndOfFile = 0x6282;
inline constexpr StatusWord kWarnFileInvalidated = 0x6283;
inline constexpr StatusWord kWarnFileTerminated = 0x6285;
inline constexpr StatusWord kWarnMoreDataAvailable = 0x62F1;
inline constexpr StatusWord kWarnMoreDataProactive = 0x62F2;
inline constexpr StatusWord kWarnResponseAvailable = 0x62F3;
inline constexpr StatusWord kWarnMoreDataExpected = 0x63F1;
inline constexpr StatusWord kWarnMoreDataExpectedProactive = 0x63F2;
inline constexpr StatusWord kWarnCounter = 0x63C0;    // '63CX': X retries left / X internal retries
// GP Card Specification v2.3 §11.8.3.2, Amendment D §7.2.3: EXTERNAL
// AUTHENTICATE, the host cryptogram did not verify.
inline constexpr StatusWord kAuthenticationFailed = 0x6300;
// §10.2.1.4 Execution errors
inline constexpr StatusWord kExecNoInfoUnchanged = 0x6400;
inline constexpr StatusWord kExecNoInfoChanged = 0x6500;
inline constexpr StatusWord kMemoryProblem = 0x6581;
// §10.2.1.5 Checking errors
inline constexpr StatusWord kWrongLength = 0x6700;
inline constexpr StatusWord kClaFunctionNotSupported = 0x6800;
inline constexpr StatusWord kLogicalChannelNotSupported = 0x6881;
inline constexpr StatusWord kSecureMessagingNotSupported = 0x6882;
inline constexpr StatusWord kCommandNotAllowedNoInfo = 0x6900;
inline constexpr StatusWord kIncompatibleFileStructure = 0x6981;
inline constexpr StatusWord kSecurityStatusNotSatisfied = 0x6982;
inline constexpr StatusWord kAuthMethodBlocked = 0x6983;
inline constexpr StatusWord kReferencedDataInvalidated = 0x6984;
inline constexpr StatusWord kConditionsNotSatisfied = 0x6985;
inline constexpr StatusWord kNoEfSelected = 0x6986;
inline constexpr StatusWord kSecureChannelNotSatisfied = 0x6989;
inline constexpr StatusWord kIncorrectData = 0x6A80;
inline constexpr StatusWord kFunctionNotSupported = 0x6A81;
inline constexpr StatusWord kFileNotFound = 0x6A82;
inline constexpr StatusWord kRecordNotFound = 0x6A83;
inline constexpr StatusWord kNotEnoughMemory = 0x6A84;
inline constexpr StatusWord kIncorrectP1P2 = 0x6A86;
inline constexpr StatusWord kLcInconsistentWithP1P2 = 0x6A87;
inline constexpr StatusWord kReferencedDataNotFound = 0x6A88;
inline constexpr StatusWord kFileIdExists = 0x6A89;      // TS 102 222 §6.3: FID (or SFI) already exists
inline constexpr StatusWord kDfNameExists = 0x6A8A;      // TS 102 222 §6.3: DF name (AID) already exists
inline constexpr StatusWord kWrongP1P2 = 0x6B00;
inline constexpr StatusWord kWrongLe = 0x6C00;        // '6CXX': XX = the exact length
inline constexpr StatusWord kInsNotSupported = 0x6D00;
inline constexpr StatusWord kClaNotSupported = 0x6E00;
inline constexpr StatusWord kTechnicalProblem = 0x6F00;
// §10.2.1.6 Application errors
inline constexpr StatusWord kIncreaseMaxReached = 0x9850;
inline constexpr StatusWord kAuthenticationError = 0x9862;  // MAC failure in AUTHENTICATE
inline constexpr StatusWord kSecuritySessionExpired = 0x9863;
inline constexpr StatusWord kSuspensionTooLong = 0x9864;
inline constexpr StatusWord kKeyFreshnessFailure = 0x9865;

// TS 51.011 §9.4: GSM SIM status words (CLA 'A0').
namespace gsm {
inline constexpr StatusWord kResponseData = 0x9F00;   // '9FXX': XX bytes for GET RESPONSE
inline constexpr StatusWord kMemoryProblem = 0x9240;
inline constexpr StatusWord kNoEfSelected = 0x9400;
inline constexpr StatusWord kOutOfRange = 0x9402;
inline constexpr StatusWord kFileNotFound = 0x9404;
inline constexpr StatusWord kInconsistentWithCommand = 0x9408;
inline constexpr StatusWord kNoChvInitialised = 0x9802;
inline constexpr StatusWord kAccessNotFulfilled = 0x9804;
inline constexpr StatusWord kContradictionChvStatus = 0x9808;
inline constexpr StatusWord kContradictionInvalidation = 0x9810;
inline constexpr StatusWord kChvBlocked = 0x9840;
inline constexpr StatusWord kIncreaseFailed = 0x9850;
inline constexpr StatusWord kIncorrectP3 = 0x6700;
inline constexpr StatusWord kIncorrectP1P2 = 0x6B00;
inline constexpr StatusWord kUnknownIns = 0x6D00;
inline constexpr StatusWord kWrongClass = 0x6E00;
inline constexpr StatusWord kTechnicalProblem = 0x6F00;
}  // namespace gsm
}  // namespace sw

// A short English description of a status word for transcripts
// ("normal ending", "file not found", "63C2: verification failed, 2 retries").
std::string_view describe_status(StatusWord sw, bool gsm_class = false);

}  // namespace cardcore
