#pragma once
// Numbers of the Card Application Toolkit: BER-TLV tags of proactive commands
// and envelopes (TS 102 223 §9.1, TS 101 220 Table 7.17), COMPREHENSION-TLV
// tag values of the simple data objects (TS 102 223 §9.3, TS 101 220 Table
// 7.23, without the CR flag), types of command (§9.4), device identities
// (§8.7), events (§8.25) and general results (§8.12).
#include <cstdint>

namespace cardcore::cat {

namespace ber {
inline constexpr std::uint8_t kProactiveCommand = 0xD0;
inline constexpr std::uint8_t kSmsPpDownload = 0xD1;    // TS 31.111 §7.1.1.2
inline constexpr std::uint8_t kCbDownload = 0xD2;
inline constexpr std::uint8_t kMenuSelection = 0xD3;
inline constexpr std::uint8_t kCallControl = 0xD4;
inline constexpr std::uint8_t kMoSmControl = 0xD5;
inline constexpr std::uint8_t kEventDownload = 0xD6;    // §7.5
inline constexpr std::uint8_t kTimerExpiration = 0xD7;  // §7.4
}  // namespace ber

namespace tag {
inline constexpr std::uint16_t kCommandDetails = 0x01;    // §8.6
inline constexpr std::uint16_t kDeviceIdentities = 0x02;  // §8.7
inline constexpr std::uint16_t kResult = 0x03;            // §8.12
inline constexpr std::uint16_t kDuration = 0x04;          // §8.8
inline constexpr std::uint16_t kAlphaIdentifier = 0x05;   // §8.2
inline constexpr std::uint16_t kAddress = 0x06;           // §8.1
inline constexpr std::uint16_t kSmsTpdu = 0x0B;           // §8.13, TS 31.111 §8.13
inline constexpr std::uint16_t kTextString = 0x0D;        // §8.15
inline constexpr std::uint16_t kResponseLength = 0x11;    // §8.11
inline constexpr std::uint16_t kFileList = 0x12;          // §8.18
inline constexpr std::uint16_t kLocationInformation = 0x13;  // §8.19, TS 31.111 §8.19
inline constexpr std::uint16_t kImei = 0x14;              // §8.20
inline constexpr std::uint16_t kEventList = 0x19;         // §8.25
inline constexpr std::uint16_t kLocationStatus = 0x1B;    // §8.27
inline constexpr std::uint16_t kIconIdentifier = 0x1E;    // §8.31
inline constexpr std::uint16_t kTimerIdentifier = 0x24;   // §8.37
inline constexpr std::uint16_t kTimerValue = 0x25;        // §8.38
inline constexpr std::uint16_t kDateTimeTimeZone = 0x26;  // §8.39
inline constexpr std::uint16_t kAid = 0x2F;               // §8.60
inline constexpr std::uint16_t kBearerDescription = 0x35;  // §8.52
inline constexpr std::uint16_t kChannelData = 0x36;       // §8.53
inline constexpr std::uint16_t kChannelDataLength = 0x37;  // §8.54
inline constexpr std::uint16_t kChannelStatus = 0x38;     // §8.56
inline constexpr std::uint16_t kBufferSize = 0x39;        // §8.55
inline constexpr std::uint16_t kRefreshEnforcementPolicy = 0x3A;  // §8.103
inline constexpr std::uint16_t kTransportLevel = 0x3C;    // §8.59 UICC/terminal interface transport level
inline constexpr std::uint16_t kOtherAddress = 0x3E;      // §8.58
inline constexpr std::uint16_t kAccessTechnology = 0x3F;  // §8.61
inline constexpr std::uint16_t kNetworkAccessName = 0x47;  // §8.70
inline constexpr std::uint16_t kPlmnWactList = 0x72;      // TS 31.111 §8.90 (steering of roaming)
}  // namespace tag

// §9.4 type of command.
namespace command {
inline constexpr std::uint8_t kRefresh = 0x01;
inline constexpr std::uint8_t kMoreTime = 0x02;
inline constexpr std::uint8_t kPollInterval = 0x03;
inline constexpr std::uint8_t kPollingOff = 0x04;
inline constexpr std::uint8_t kSetUpEventList = 0x05;
inline constexpr std::uint8_t kSendShortMessage = 0x13;
inline constexpr std::uint8_t kProvideLocalInformation = 0x26;
inline constexpr std::uint8_t kTimerManagement = 0x27;
inline constexpr std::uint8_t kOpenChannel = 0x40;
inline constexpr std::uint8_t kCloseChannel = 0x41;
inline constexpr std::uint8_t kReceiveData = 0x42;
inline constexpr std::uint8_t kSendData = 0x43;
inline constexpr std::uint8_t kGetChannelStatus = 0x44;
}  // namespace command

// §8.7 device identities.
namespace device {
inline constexpr std::uint8_t kKeypad = 0x01;
inline constexpr std::uint8_t kDisplay = 0x02;
inline constexpr std::uint8_t kEarpiece = 0x03;
inline constexpr std::uint8_t kChannel1 = 0x21;  // channels 1..7: '21'..'27'
inline constexpr std::uint8_t kChannel7 = 0x27;
inline constexpr std::uint8_t kUicc = 0x81;
inline constexpr std::uint8_t kTerminal = 0x82;
inline constexpr std::uint8_t kNetwork = 0x83;
inline constexpr bool is_channel(std::uint8_t d) { return d >= kChannel1 && d <= kChannel7; }
}  // namespace device

// §8.25 events (TS 31.111 §8.25 adds '11', '12', '15', '17', '18', '1D').
namespace event {
inline constexpr std::uint8_t kMtCall = 0x00;
inline constexpr std::uint8_t kCallConnected = 0x01;
inline constexpr std::uint8_t kCallDisconnected = 0x02;
inline constexpr std::uint8_t kLocationStatus = 0x03;
inline constexpr std::uint8_t kUserActivity = 0x04;
inline constexpr std::uint8_t kIdleScreenAvailable = 0x05;
inline constexpr std::uint8_t kCardReaderStatus = 0x06;
inline constexpr std::uint8_t kLanguageSelection = 0x07;
inline constexpr std::uint8_t kBrowserTermination = 0x08;
inline constexpr std::uint8_t kDataAvailable = 0x09;
inline constexpr std::uint8_t kChannelStatus = 0x0A;
inline constexpr std::uint8_t kAccessTechnologyChange = 0x0B;
inline constexpr std::uint8_t kNetworkRejection = 0x12;   // TS 31.111
inline constexpr std::uint8_t kDataConnectionStatusChange = 0x1D;  // TS 31.111
// The session records events '00'..'1F' as bits of a 32-bit set.
inline constexpr std::uint8_t kMaxRecorded = 0x1F;
}  // namespace event

// §8.12 general result.
namespace result {
inline constexpr std::uint8_t kPerformed = 0x00;
inline constexpr std::uint8_t kPartialComprehension = 0x01;
inline constexpr std::uint8_t kMissingInformation = 0x02;
inline constexpr std::uint8_t kRefreshAdditionalEfsRead = 0x03;
inline constexpr std::uint8_t kLimitedService = 0x06;
inline constexpr std::uint8_t kWithModification = 0x07;
inline constexpr std::uint8_t kRefreshNaaNotActive = 0x08;
inline constexpr std::uint8_t kTerminalUnableNow = 0x20;
inline constexpr std::uint8_t kNetworkUnableNow = 0x21;
inline constexpr std::uint8_t kTimerStateContradiction = 0x24;
inline constexpr std::uint8_t kBeyondTerminalCapabilities = 0x30;
inline constexpr std::uint8_t kTypeNotUnderstood = 0x31;
inline constexpr std::uint8_t kDataNotUnderstood = 0x32;
inline constexpr std::uint8_t kNumberNotKnown = 0x33;
inline constexpr std::uint8_t kSmsRpError = 0x35;  // TS 31.111
inline constexpr std::uint8_t kRequiredValuesMissing = 0x36;
inline constexpr std::uint8_t kBipError = 0x3A;
// '0X' and '1X': the command was performed (§8.12).
inline constexpr bool performed(std::uint8_t general) { return general < 0x20; }
}  // namespace result

}  // namespace cardcore::cat
