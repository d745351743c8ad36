#pragma once
// TS 23.040 §9.2.3.16 TP-User-Data-Length and §9.2.3.24 TP-User-Data, with
// the header and the fill bits that align GSM 7 bit text after it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cardcore/sms/dcs.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

// TP-UD as the codec keeps it. TP-UDHI and TP-UDL are not stored: the
// encoders derive them (UDHI = header present; UDL from the TP-DCS).
struct UserData {
  std::optional<UserDataHeader> header;  // present iff TP-UDHI is set
  // What follows the header: septets, one per byte, for uncompressed GSM 7
  // bit data (the fill bits removed); octets for 8-bit, UCS2, compressed.
  Bytes body;
  bool operator==(const UserData&) const = default;
};

// Maximum TP-UD octets of each TPDU (TS 23.040 §9.2.2); septet counts are
// 8/7 of these (160 for 140).
inline constexpr std::size_t kMaxUserData = 140;              // SMS-DELIVER, SMS-SUBMIT
inline constexpr std::size_t kMaxUserDataStatusReport = 143;  // §9.2.2.3
inline constexpr std::size_t kMaxUserDataDeliverReport = 159;  // §9.2.2.1a

// What a decoder does with octets after TP-UD as TP-UDL measures it.
enum class TrailingOctets : std::uint8_t {
  Reject,     // default: a TPDU ends with its TP-UD
  Ignore,     // e.g. an EF.SMS record (TS 31.102 §4.2.25) padded with 'FF'
  // The TPDU's length is authoritative: for octet-counted TP-UD (8-bit,
  // UCS2) everything to the end is TP-UD whatever TP-UDL says (as in the
  // pySim test TPDU with TP-UDL 03). GSM 7 bit TP-UD is still rejected.
  UserData,
};

struct DecodeOptions {
  TrailingOctets trailing = TrailingOctets::Reject;
};

// The TP-UDL value for `ud` under `dcs`: septets (header and fill bits
// counted) or octets (TS 23.040 §9.2.3.16).
std::size_t user_data_length(const UserData& ud, std::uint8_t dcs);

// TP-UDL followed by TP-UD. Throws SmsError("TP-UD") when it exceeds
// `max_octets` (or 8/7 of it in septets) or a septet exceeds 7 bits.
Bytes encode_user_data(const UserData& ud, std::uint8_t dcs, std::size_t max_octets = kMaxUserData);

// Decodes TP-UDL and TP-UD from `bytes` (which starts with TP-UDL). Throws
// SmsError naming TP-UDL, TP-UD, TP-UDHL or TP-UDH.
UserData decode_user_data(ByteView bytes, std::uint8_t dcs, bool udhi, const DecodeOptions& options = {},
                          std::size_t max_octets = kMaxUserData);

// UTF-8 text as the body of a TP-UD in `alphabet` (GSM 7 bit or UCS2).
// Throws SmsError("text") for characters the alphabet lacks or for 8-bit.
UserData text_user_data(std::string_view text, Alphabet alphabet);
// The body as UTF-8 text, or nullopt for 8-bit or compressed data.
std::optional<std::string> text_of(const UserData& ud, std::uint8_t dcs);

}  // namespace cardcore::sms
