#pragma once
// TS 23.038 §4 SMS Data Coding Scheme (TP-DCS, TS 23.040 §9.2.3.10).
#include <cstdint>
#include <optional>

namespace cardcore::sms {

enum class Alphabet : std::uint8_t { Gsm7 = 0, EightBit = 1, Ucs2 = 2 };

// TS 23.038 §4: class 2 is "(U)SIM-specific message".
enum class MessageClass : std::uint8_t { Class0 = 0, Class1 = 1, Class2 = 2, Class3 = 3 };

enum class DcsGroup : std::uint8_t {
  General,                // 00xx: general data coding
  AutomaticDeletion,      // 01xx: message marked for automatic deletion
  Reserved,               // 1000..1011
  WaitingDiscard,         // 1100: message waiting indication, discard message (GSM 7 bit)
  WaitingStore,           // 1101: message waiting indication, store message (GSM 7 bit)
  WaitingStoreUcs2,       // 1110: message waiting indication, store message (UCS2)
  DataCodingMessageClass  // 1111: data coding / message class
};

struct DataCoding {
  DcsGroup group = DcsGroup::General;
  Alphabet alphabet = Alphabet::Gsm7;  // reserved codings read as GSM 7 bit (TS 23.038 §4)
  std::optional<MessageClass> message_class;
  bool compressed = false;      // TS 23.042, general and automatic-deletion groups only
  bool indication_active = false;  // waiting groups: bit 3
  std::uint8_t indication_type = 0;  // waiting groups: bits 1..0 (0 voicemail, 1 fax, 2 e-mail, 3 other)
};

DataCoding decode_dcs(std::uint8_t dcs);

// The general data coding group (00xx xxxx) without compression.
std::uint8_t dcs_general(Alphabet alphabet, std::optional<MessageClass> message_class = std::nullopt);

// The two codings of 8-bit class 2 data used for (U)SIM data download:
// group 1111 (F6) and the general group with a class (16).
inline constexpr std::uint8_t kDcsClass2EightBit = 0xF6;
inline constexpr std::uint8_t kDcsGeneralClass2EightBit = 0x16;

bool is_class2_eight_bit(std::uint8_t dcs);

// TS 23.040 §9.2.3.16: TP-UDL counts septets for uncompressed GSM 7 bit
// data, octets otherwise.
bool user_data_counts_septets(std::uint8_t dcs);

}  // namespace cardcore::sms
