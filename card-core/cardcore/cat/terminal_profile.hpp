#pragma once
// TERMINAL PROFILE (TS 102 221 §11.2.1, TS 102 223 §5.2, TS 31.111 §5.2 for
// the bits reserved by 3GPP): one bit per facility of the terminal. Bytes
// the terminal did not send read as zero: facility not supported.
#include <cstdint>
#include <initializer_list>

#include "cardcore/cat/objects.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::cat {

// The facilities the IoT card uses, numbered (byte - 1) * 8 + (bit - 1).
enum class Facility : std::uint16_t {
#define CARDCORE_FACILITY(name, byte, bit) name = ((byte) - 1) * 8 + ((bit) - 1)
  // Byte 1: download.
  CARDCORE_FACILITY(kProfileDownload, 1, 1),
  CARDCORE_FACILITY(kSmsPpDataDownload, 1, 2),        // TS 31.111
  CARDCORE_FACILITY(kTimerExpiration, 1, 6),
  // Byte 2: other.
  CARDCORE_FACILITY(kCommandResult, 2, 1),
  // Byte 3: proactive UICC.
  CARDCORE_FACILITY(kMoreTime, 3, 4),
  CARDCORE_FACILITY(kPollInterval, 3, 6),
  CARDCORE_FACILITY(kPollingOff, 3, 7),
  CARDCORE_FACILITY(kRefresh, 3, 8),
  // Byte 4.
  CARDCORE_FACILITY(kSendShortMessage, 4, 2),
  CARDCORE_FACILITY(kLocalInfoLocationImei, 4, 7),  // MCC, MNC, LAC, cell ID and IMEI
  CARDCORE_FACILITY(kLocalInfoNmr, 4, 8),
  // Byte 5: event driven information.
  CARDCORE_FACILITY(kSetUpEventList, 5, 1),
  CARDCORE_FACILITY(kEventLocationStatus, 5, 5),
  // Byte 6: event driven information extensions.
  CARDCORE_FACILITY(kEventDataAvailable, 6, 3),
  CARDCORE_FACILITY(kEventChannelStatus, 6, 4),
  CARDCORE_FACILITY(kEventAccessTechnologyChange, 6, 5),
  // Byte 8.
  CARDCORE_FACILITY(kTimerStartStop, 8, 1),
  CARDCORE_FACILITY(kTimerGetValue, 8, 2),
  CARDCORE_FACILITY(kLocalInfoDateTime, 8, 3),
  // Byte 9.
  CARDCORE_FACILITY(kLocalInfoLanguage, 9, 4),
  CARDCORE_FACILITY(kLocalInfoAccessTechnology, 9, 8),
  // Byte 12: bearer independent protocol (class "e").
  CARDCORE_FACILITY(kOpenChannel, 12, 1),
  CARDCORE_FACILITY(kCloseChannel, 12, 2),
  CARDCORE_FACILITY(kReceiveData, 12, 3),
  CARDCORE_FACILITY(kSendData, 12, 4),
  CARDCORE_FACILITY(kGetChannelStatus, 12, 5),
  // Byte 13: bearers (b6-b8: the number of channels, see bip_channels()).
  CARDCORE_FACILITY(kBearerCsd, 13, 1),   // TS 31.111
  CARDCORE_FACILITY(kBearerGprs, 13, 2),  // TS 31.111
  // Byte 17: transport interfaces and further bearers.
  CARDCORE_FACILITY(kTcpClientRemote, 17, 1),
  CARDCORE_FACILITY(kUdpClientRemote, 17, 2),
  CARDCORE_FACILITY(kTcpServer, 17, 3),
  CARDCORE_FACILITY(kBearerEutran, 17, 7),  // TS 31.111
#undef CARDCORE_FACILITY
};

class TerminalProfile {
 public:
  TerminalProfile() = default;
  explicit TerminalProfile(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}
  // A profile with just these facilities set, as long as the highest needs.
  static TerminalProfile with(std::initializer_list<Facility> facilities);

  const Bytes& bytes() const { return bytes_; }
  bool empty() const { return bytes_.empty(); }
  bool supports(Facility f) const;
  // Byte 13 b6-b8: channels the terminal supports (0 without BIP).
  unsigned bip_channels() const;
  // Whether the terminal supports this proactive command (type and, for
  // PROVIDE LOCAL INFORMATION and TIMER MANAGEMENT, qualifier).
  bool supports(const CommandDetails& command) const;
  bool operator==(const TerminalProfile&) const = default;

 private:
  Bytes bytes_;
};

}  // namespace cardcore::cat
