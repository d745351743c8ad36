#pragma once
// The proactive commands of the IoT card (TS 102 223 §6.6, TS 31.111 §6.6),
// as data types with encode() and decode(). A command is one BER-TLV 'D0'
// holding command details, device identities and the command's own data
// objects (§6.6, §9.1). The number in every type is the command number of
// §8.6; encode() sets the CR flag of every data object, decode() reads
// objects with or without it and refuses missing mandatory ones, a wrong
// type of command and devices other than the command's.
//
// Implementations: proactive_<group>.cpp.
#include <optional>
#include <variant>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/cat/objects.hpp"

namespace cardcore::cat {

// A proactive command fits one FETCH: at most 256 bytes (TS 102 221 §11.2.3).
inline constexpr std::size_t kMaxProactiveCommand = 256;

// §6.4.7, §6.6.13 REFRESH: the modes of the command qualifier (§8.6).
struct Refresh {
  enum Mode : std::uint8_t {
    kNaaInitAndFullFileChange = 0x00,
    kFileChange = 0x01,
    kNaaInitAndFileChange = 0x02,
    kNaaInit = 0x03,
    kUiccReset = 0x04,
    kNaaApplicationReset = 0x05,
    kNaaSessionReset = 0x06,
    kSteeringOfRoaming = 0x07,      // TS 31.111 §6.4.7
    kSteeringOfRoamingWlan = 0x08,  // TS 31.111 §6.4.7
    kLastMode = kSteeringOfRoamingWlan,
  };
  std::uint8_t number = 1;
  std::uint8_t mode = kNaaInitAndFullFileChange;
  std::optional<FileList> files;  // mandatory for kFileChange and kNaaInitAndFileChange
  std::optional<Aid> aid;
  std::optional<AlphaIdentifier> alpha;
  std::optional<RefreshEnforcementPolicy> policy;
  std::optional<PlmnWactList> plmns;  // steering of roaming
  bool operator==(const Refresh&) const = default;
};

// §6.4.4 MORE TIME.
struct MoreTime {
  std::uint8_t number = 1;
  bool operator==(const MoreTime&) const = default;
};

// §6.4.6 POLL INTERVAL: the interval the UICC asks for.
struct PollInterval {
  std::uint8_t number = 1;
  Duration interval;
  bool operator==(const PollInterval&) const = default;
};

// §6.4.14 POLLING OFF.
struct PollingOff {
  std::uint8_t number = 1;
  bool operator==(const PollingOff&) const = default;
};

// §6.4.15 PROVIDE LOCAL INFORMATION, TS 31.111 §6.4.15: what is asked, in
// the command qualifier.
struct ProvideLocalInformation {
  enum What : std::uint8_t {
    kLocation = 0x00,  // MCC, MNC, LAC/TAC, cell identity
    kImei = 0x01,
    kNetworkMeasurements = 0x02,
    kDateTimeTimeZone = 0x03,
    kLanguage = 0x04,
    kAccessTechnology = 0x06,
    kImeisv = 0x08,
    kNetworkSearchMode = 0x09,
  };
  std::uint8_t number = 1;
  std::uint8_t what = kLocation;
  bool operator==(const ProvideLocalInformation&) const = default;
};

// §6.4.16 SET UP EVENT LIST: the events the terminal shall report (empty:
// none).
struct SetUpEventList {
  std::uint8_t number = 1;
  EventList events;
  bool operator==(const SetUpEventList&) const = default;
};

// §6.4.9 SEND SHORT MESSAGE, TS 31.111 §6.4.9: qualifier b1 asks the terminal
// to pack the user data.
struct SendShortMessage {
  std::uint8_t number = 1;
  bool packing_required = false;
  std::optional<AlphaIdentifier> alpha;
  std::optional<Address> address;  // RP destination address (the SMSC)
  SmsTpdu tpdu;                    // SMS-SUBMIT or SMS-COMMAND
  bool operator==(const SendShortMessage&) const = default;
};

// §6.4.21 TIMER MANAGEMENT: start (with a value), deactivate, or get the
// current value of timer 1..8.
struct TimerManagement {
  enum Action : std::uint8_t { kStart = 0x00, kDeactivate = 0x01, kGetValue = 0x02 };
  std::uint8_t number = 1;
  std::uint8_t action = kStart;
  TimerIdentifier timer;
  std::optional<TimerValue> value;  // mandatory for kStart only
  bool operator==(const TimerManagement&) const = default;
};

// §6.4.27 OPEN CHANNEL (packet data, default bearer and CS variants).
struct OpenChannel {
  enum Qualifier : std::uint8_t {
    kImmediateLink = 0x01,
    kAutomaticReconnection = 0x02,
    kBackground = 0x04,
    kDnsServerAddress = 0x08,
  };
  std::uint8_t number = 1;
  std::uint8_t qualifier = kImmediateLink;
  std::optional<AlphaIdentifier> alpha;
  std::optional<Address> address;  // CS bearer only
  BearerDescription bearer;
  BufferSize buffer;
  std::optional<NetworkAccessName> apn;
  std::optional<OtherAddress> local_address;
  std::optional<TextString> login;
  std::optional<TextString> password;
  std::optional<TransportLevel> transport;
  std::optional<OtherAddress> destination;  // with a transport level
  bool operator==(const OpenChannel&) const = default;
};

// §6.4.28 CLOSE CHANNEL of channel 1..7.
struct CloseChannel {
  std::uint8_t number = 1;
  std::uint8_t qualifier = 0;  // b1: TCP server mode, go back to listening
  std::uint8_t channel = 1;
  std::optional<AlphaIdentifier> alpha;
  bool operator==(const CloseChannel&) const = default;
};

// §6.4.29 RECEIVE DATA.
struct ReceiveData {
  std::uint8_t number = 1;
  std::uint8_t channel = 1;
  std::optional<AlphaIdentifier> alpha;
  ChannelDataLength length;
  bool operator==(const ReceiveData&) const = default;
};

// §6.4.30 SEND DATA: qualifier b1 '1' send at once, '0' store in the Tx
// buffer.
struct SendData {
  std::uint8_t number = 1;
  bool immediately = true;
  std::uint8_t channel = 1;
  std::optional<AlphaIdentifier> alpha;
  ChannelData data;
  bool operator==(const SendData&) const = default;
};

// §6.4.31 GET CHANNEL STATUS.
struct GetChannelStatus {
  std::uint8_t number = 1;
  bool operator==(const GetChannelStatus&) const = default;
};

#define CARDCORE_CAT_COMMAND(T) \
  Bytes encode(const T& c);     \
  const char* decode(ByteView command, T& out);
CARDCORE_CAT_COMMAND(Refresh)
CARDCORE_CAT_COMMAND(MoreTime)
CARDCORE_CAT_COMMAND(PollInterval)
CARDCORE_CAT_COMMAND(PollingOff)
CARDCORE_CAT_COMMAND(ProvideLocalInformation)
CARDCORE_CAT_COMMAND(SetUpEventList)
CARDCORE_CAT_COMMAND(SendShortMessage)
CARDCORE_CAT_COMMAND(TimerManagement)
CARDCORE_CAT_COMMAND(OpenChannel)
CARDCORE_CAT_COMMAND(CloseChannel)
CARDCORE_CAT_COMMAND(ReceiveData)
CARDCORE_CAT_COMMAND(SendData)
CARDCORE_CAT_COMMAND(GetChannelStatus)
#undef CARDCORE_CAT_COMMAND

// Any of them (proactive_command.cpp).
using ProactiveCommand = std::variant<Refresh, MoreTime, PollInterval, PollingOff, ProvideLocalInformation,
                                      SetUpEventList, SendShortMessage, TimerManagement, OpenChannel, CloseChannel,
                                      ReceiveData, SendData, GetChannelStatus>;
Bytes encode(const ProactiveCommand& c);
// Decodes by the type of command in its command details.
Decoded<ProactiveCommand> decode_proactive_command(ByteView command);
std::uint8_t& command_number(ProactiveCommand& c);

// Checks the frame every proactive command has: one BER-TLV 'D0' spanning
// `command`, of at most kMaxProactiveCommand bytes, whose value is data
// objects with command details and device identities from the UICC.
// Returns its command details.
Decoded<CommandDetails> check_proactive_command(ByteView command);

}  // namespace cardcore::cat
