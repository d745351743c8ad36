#pragma once
// The simple data objects (COMPREHENSION-TLVs) of TS 102 223 §8 and TS 31.111
// §8 that the IoT card sends and reads. Each type knows its tag; put() appends
// the whole data object (CR set), read() decodes a value and returns nullptr
// or a static reason. Implementations: objects_*.cpp, one per group of
// clauses.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/cat/tags.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::cat {

// §8.6: number '01'-'FE' chosen by the UICC, type (§9.4), qualifier.
struct CommandDetails {
  static constexpr std::uint16_t kTag = tag::kCommandDetails;
  static constexpr const char* kName = "Command details";
  std::uint8_t number = 1;
  std::uint8_t type = 0;
  std::uint8_t qualifier = 0;
  bool operator==(const CommandDetails&) const = default;
};

// §8.7: source and destination device.
struct DeviceIdentities {
  static constexpr std::uint16_t kTag = tag::kDeviceIdentities;
  static constexpr const char* kName = "Device identities";
  std::uint8_t source = device::kUicc;
  std::uint8_t destination = device::kTerminal;
  bool operator==(const DeviceIdentities&) const = default;
};

// §8.12: general result and additional information.
struct CommandResult {
  static constexpr std::uint16_t kTag = tag::kResult;
  static constexpr const char* kName = "Result";
  std::uint8_t general = result::kPerformed;
  Bytes additional;
  bool operator==(const CommandResult&) const = default;
};

// §8.8: time unit ('00' minutes, '01' seconds, '02' tenths of seconds) and
// interval '01'-'FF'.
struct Duration {
  static constexpr std::uint16_t kTag = tag::kDuration;
  static constexpr const char* kName = "Duration";
  enum Unit : std::uint8_t { kMinutes = 0x00, kSeconds = 0x01, kTenths = 0x02 };
  std::uint8_t unit = kSeconds;
  std::uint8_t interval = 1;
  bool operator==(const Duration&) const = default;
};

// §8.2: alpha identifier, coded as the alpha fields of EF.ADN; empty = null.
struct AlphaIdentifier {
  static constexpr std::uint16_t kTag = tag::kAlphaIdentifier;
  static constexpr const char* kName = "Alpha identifier";
  Bytes text;
  bool operator==(const AlphaIdentifier&) const = default;
};

// §8.1: TON/NPI and the dialling number in BCD (TS 31.102 EF.ADN coding).
struct Address {
  static constexpr std::uint16_t kTag = tag::kAddress;
  static constexpr const char* kName = "Address";
  std::uint8_t ton_npi = 0x91;  // international, ISDN/E.164
  Bytes number;
  bool operator==(const Address&) const = default;
};

// §8.13, TS 31.111 §8.13: a 3GPP SMS TPDU (SMS-SUBMIT, SMS-COMMAND or,
// in SMS-PP download, SMS-DELIVER), carried as it is.
struct SmsTpdu {
  static constexpr std::uint16_t kTag = tag::kSmsTpdu;
  static constexpr const char* kName = "SMS TPDU";
  Bytes tpdu;
  bool operator==(const SmsTpdu&) const = default;
};

// §8.15: data coding scheme (TS 23.038) and text; a length of 0 is the null
// text string.
struct TextString {
  static constexpr std::uint16_t kTag = tag::kTextString;
  static constexpr const char* kName = "Text string";
  bool null = false;
  std::uint8_t dcs = 0x04;  // 8-bit data
  Bytes text;
  bool operator==(const TextString&) const = default;
};

// §8.11: minimum and maximum length of a response.
struct ResponseLength {
  static constexpr std::uint16_t kTag = tag::kResponseLength;
  static constexpr const char* kName = "Response length";
  std::uint8_t minimum = 0;
  std::uint8_t maximum = 0;
  bool operator==(const ResponseLength&) const = default;
};

// §8.18: full paths from the MF ('3F00' first, FIDs of two bytes), preceded
// by their number.
struct FileList {
  static constexpr std::uint16_t kTag = tag::kFileList;
  static constexpr const char* kName = "File list";
  std::vector<Bytes> paths;
  bool operator==(const FileList&) const = default;
};

// §8.60: application identifier.
struct Aid {
  static constexpr std::uint16_t kTag = tag::kAid;
  static constexpr const char* kName = "AID";
  Bytes aid;
  bool operator==(const Aid&) const = default;
};

// §8.103: refresh enforcement policy.
struct RefreshEnforcementPolicy {
  static constexpr std::uint16_t kTag = tag::kRefreshEnforcementPolicy;
  static constexpr const char* kName = "Refresh enforcement policy";
  std::uint8_t policy = 0;
  bool operator==(const RefreshEnforcementPolicy&) const = default;
};

// TS 31.111 §8.90: PLMNwAcT entries of 5 bytes (MCC/MNC, access technology)
// for REFRESH "steering of roaming".
struct PlmnWactList {
  static constexpr std::uint16_t kTag = tag::kPlmnWactList;
  static constexpr const char* kName = "PLMNwAcT list";
  Bytes entries;
  bool operator==(const PlmnWactList&) const = default;
};

// §8.19, TS 31.111 §8.19: MCC/MNC (3 bytes), LAC or TAC (2), cell identity
// (2 for GERAN, 4 for UTRAN/E-UTRAN: 28 bits and 'F'), carried as they are.
struct LocationInformation {
  static constexpr std::uint16_t kTag = tag::kLocationInformation;
  static constexpr const char* kName = "Location information";
  Bytes bytes;
  bool operator==(const LocationInformation&) const = default;
};

// §8.20: the IMEI as TS 24.008 codes a mobile identity: 8 bytes, the first
// digit with the odd/even flag and type '010', then the others swapped.
struct Imei {
  static constexpr std::uint16_t kTag = tag::kImei;
  static constexpr const char* kName = "IMEI";
  Bytes bytes;
  bool operator==(const Imei&) const = default;
  // 15 digits; throws std::invalid_argument on anything else.
  static Imei from_digits(std::string_view digits);
  // The 15 digits, empty if the bytes are not a valid IMEI.
  std::string digits() const;
};

// §8.27: '00' normal service, '01' limited service, '02' no service.
struct LocationStatus {
  static constexpr std::uint16_t kTag = tag::kLocationStatus;
  static constexpr const char* kName = "Location status";
  std::uint8_t status = 0;
  bool operator==(const LocationStatus&) const = default;
};

// §8.39: year, month, day, hour, minute, second, time zone as TS 23.040
// semi-octets (7 bytes).
struct DateTimeTimeZone {
  static constexpr std::uint16_t kTag = tag::kDateTimeTimeZone;
  static constexpr const char* kName = "Date-Time and Time zone";
  Bytes bytes;
  bool operator==(const DateTimeTimeZone&) const = default;
};

// §8.61: access technologies ('00' GSM, '03' UTRAN, '08' E-UTRAN, ...).
struct AccessTechnology {
  static constexpr std::uint16_t kTag = tag::kAccessTechnology;
  static constexpr const char* kName = "Access technology";
  Bytes technologies;
  bool operator==(const AccessTechnology&) const = default;
};

// §8.25: the events of a SET UP EVENT LIST or an EVENT DOWNLOAD; empty
// removes the list.
struct EventList {
  static constexpr std::uint16_t kTag = tag::kEventList;
  static constexpr const char* kName = "Event list";
  std::vector<std::uint8_t> events;
  bool operator==(const EventList&) const = default;
};

// §8.37: timer '01'-'08'.
struct TimerIdentifier {
  static constexpr std::uint16_t kTag = tag::kTimerIdentifier;
  static constexpr const char* kName = "Timer identifier";
  static constexpr std::uint8_t kCount = 8;  // §6.4.21: up to 8 timers
  std::uint8_t id = 1;
  bool operator==(const TimerIdentifier&) const = default;
};

// §8.38: hours, minutes, seconds, each as two semi-octets (TS 23.040
// §9.2.3.11: low nibble the tens, high nibble the units).
struct TimerValue {
  static constexpr std::uint16_t kTag = tag::kTimerValue;
  static constexpr const char* kName = "Timer value";
  std::uint8_t hours = 0;    // 0..99
  std::uint8_t minutes = 0;  // 0..59
  std::uint8_t seconds = 0;  // 0..59
  bool operator==(const TimerValue&) const = default;
  std::uint32_t total_seconds() const { return hours * 3600u + minutes * 60u + seconds; }
  // The three semi-octet bytes.
  void to_bytes(std::uint8_t out[3]) const;
  // nullptr, or the reason the three bytes are no timer value.
  static const char* from_bytes(const std::uint8_t in[3], TimerValue& out);
};

// §8.52, TS 31.111 §8.52: bearer type and its parameters.
struct BearerDescription {
  static constexpr std::uint16_t kTag = tag::kBearerDescription;
  static constexpr const char* kName = "Bearer description";
  enum Type : std::uint8_t { kCsd = 0x01, kGprs = 0x02, kDefault = 0x03, kEutranMappedUtran = 0x0B };
  std::uint8_t type = kDefault;
  Bytes parameters;
  bool operator==(const BearerDescription&) const = default;
};

// §8.53: channel data.
struct ChannelData {
  static constexpr std::uint16_t kTag = tag::kChannelData;
  static constexpr const char* kName = "Channel data";
  Bytes data;
  bool operator==(const ChannelData&) const = default;
};

// §8.54: channel data length ('FF': more than 255 bytes).
struct ChannelDataLength {
  static constexpr std::uint16_t kTag = tag::kChannelDataLength;
  static constexpr const char* kName = "Channel data length";
  std::uint8_t length = 0;
  bool operator==(const ChannelDataLength&) const = default;
};

// §8.56: byte 1 b1-b3 channel identifier, b8 link established (client
// modes); byte 2 further information ('00' none, '05' link dropped).
struct ChannelStatus {
  static constexpr std::uint16_t kTag = tag::kChannelStatus;
  static constexpr const char* kName = "Channel status";
  std::uint8_t status = 0;
  std::uint8_t further_info = 0;
  bool operator==(const ChannelStatus&) const = default;
  std::uint8_t channel() const { return status & 0x07; }
  bool established() const { return (status & 0x80) != 0; }
};

// §8.55: buffer size the UICC asks for.
struct BufferSize {
  static constexpr std::uint16_t kTag = tag::kBufferSize;
  static constexpr const char* kName = "Buffer size";
  std::uint16_t size = 0;
  bool operator==(const BufferSize&) const = default;
};

// §8.59: transport protocol ('01' UDP client remote, '02' TCP client remote,
// '03' TCP server, ...) and port.
struct TransportLevel {
  static constexpr std::uint16_t kTag = tag::kTransportLevel;
  static constexpr const char* kName = "UICC/terminal interface transport level";
  enum Protocol : std::uint8_t { kUdpClientRemote = 0x01, kTcpClientRemote = 0x02, kTcpServer = 0x03 };
  std::uint8_t protocol = kTcpClientRemote;
  std::uint16_t port = 0;
  bool operator==(const TransportLevel&) const = default;
};

// §8.58: type ('21' IPv4, '57' IPv6) and address; null (length 0) asks the
// terminal for a dynamic local address.
struct OtherAddress {
  static constexpr std::uint16_t kTag = tag::kOtherAddress;
  static constexpr const char* kName = "Other address";
  enum Type : std::uint8_t { kIpv4 = 0x21, kIpv6 = 0x57 };
  bool null = false;
  std::uint8_t type = kIpv4;
  Bytes address;
  bool operator==(const OtherAddress&) const = default;
};

// §8.70: network access name (APN labels, TS 23.003 §9.1).
struct NetworkAccessName {
  static constexpr std::uint16_t kTag = tag::kNetworkAccessName;
  static constexpr const char* kName = "Network access name";
  Bytes name;
  bool operator==(const NetworkAccessName&) const = default;
};

#define CARDCORE_CAT_OBJECT(T)                 \
  void put(Bytes& out, const T& v);            \
  const char* read(ByteView value, T& out);
CARDCORE_CAT_OBJECT(CommandDetails)
CARDCORE_CAT_OBJECT(DeviceIdentities)
CARDCORE_CAT_OBJECT(CommandResult)
CARDCORE_CAT_OBJECT(Duration)
CARDCORE_CAT_OBJECT(AlphaIdentifier)
CARDCORE_CAT_OBJECT(Address)
CARDCORE_CAT_OBJECT(SmsTpdu)
CARDCORE_CAT_OBJECT(TextString)
CARDCORE_CAT_OBJECT(ResponseLength)
CARDCORE_CAT_OBJECT(FileList)
CARDCORE_CAT_OBJECT(Aid)
CARDCORE_CAT_OBJECT(RefreshEnforcementPolicy)
CARDCORE_CAT_OBJECT(PlmnWactList)
CARDCORE_CAT_OBJECT(LocationInformation)
CARDCORE_CAT_OBJECT(Imei)
CARDCORE_CAT_OBJECT(LocationStatus)
CARDCORE_CAT_OBJECT(DateTimeTimeZone)
CARDCORE_CAT_OBJECT(AccessTechnology)
CARDCORE_CAT_OBJECT(EventList)
CARDCORE_CAT_OBJECT(TimerIdentifier)
CARDCORE_CAT_OBJECT(TimerValue)
CARDCORE_CAT_OBJECT(BearerDescription)
CARDCORE_CAT_OBJECT(ChannelData)
CARDCORE_CAT_OBJECT(ChannelDataLength)
CARDCORE_CAT_OBJECT(ChannelStatus)
CARDCORE_CAT_OBJECT(BufferSize)
CARDCORE_CAT_OBJECT(TransportLevel)
CARDCORE_CAT_OBJECT(OtherAddress)
CARDCORE_CAT_OBJECT(NetworkAccessName)
#undef CARDCORE_CAT_OBJECT

}  // namespace cardcore::cat
