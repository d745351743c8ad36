#pragma once
// Command APDU parsing, ISO/IEC 7816-4 §5.1 (short length fields only, as
// TS 102 221 §10.1 allows for the UICC), and the class byte coding of
// TS 102 221 §10.1.1.
#include <cstdint>
#include <optional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {

// ISO 7816-3 §12.1.3 / ISO 7816-4 §5.1: the four command cases.
enum class ApduCase : std::uint8_t { Case1 = 1, Case2 = 2, Case3 = 3, Case4 = 4 };

struct CommandApdu {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
  ByteView data;           // Lc bytes (empty for case 1 and 2)
  std::uint16_t ne = 0;    // expected response length: Le, with Le=00 -> 256
  bool has_le = false;
  ApduCase kind = ApduCase::Case1;
};

// Parses the bytes of a C-APDU. The result refers into `bytes`, which must
// outlive it. On a malformed APDU returns nullopt and sets `error` to the
// status word the card answers with ('6700' wrong length).
std::optional<CommandApdu> parse_command_apdu(ByteView bytes, StatusWord& error);

// T=0 sends a case 1 command with P3 = '00' (ISO 7816-3 §12.2.2), which at
// the APDU level reads as case 2 with Le = 256: commands that carry no data
// either way accept both forms.
inline bool is_case1(const CommandApdu& c) {
  return c.kind == ApduCase::Case1 || (c.kind == ApduCase::Case2 && c.ne == 256);
}

// TS 102 221 §10.1.1: what the class byte says.
struct ClassByte {
  enum class Kind : std::uint8_t { Interindustry, Proprietary, Gsm, Invalid };
  Kind kind = Kind::Invalid;
  std::uint8_t channel = 0;     // logical channel 0..19
  bool secure_messaging = false;
};
// Inline: returned through memory from another unit, the struct cost a
// store-forwarding stall on every command (bench/bench_activity.cpp).
inline ClassByte decode_class(std::uint8_t cla) {
  ClassByte out;
  if (cla == 0xA0) {  // TS 51.011 §9.1: GSM application class
    out.kind = ClassByte::Kind::Gsm;
    return out;
  }
  if (cla == 0xFF) return out;  // ISO 7816-3: reserved for PPS
  const bool proprietary = (cla & 0x80) != 0;
  if ((cla & 0x60) == 0x00) {
    // TS 102 221 §10.1.1 Table 10.3: '0X'/'8X', b4-b3 secure messaging,
    // b2-b1 logical channel 0..3.
    out.channel = cla & 0x03;
    out.secure_messaging = (cla & 0x0C) != 0;
  } else if ((cla & 0x40) != 0) {
    // '4X'/'CX': b6 secure messaging, b4-b1 logical channel number - 4.
    out.channel = static_cast<std::uint8_t>((cla & 0x0F) + 4);
    out.secure_messaging = (cla & 0x20) != 0;
  } else {
    return out;  // '2X', 'AX' (other than A0): reserved classes
  }
  out.kind = proprietary ? ClassByte::Kind::Proprietary : ClassByte::Kind::Interindustry;
  return out;
}

}  // namespace cardcore
