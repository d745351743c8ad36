#include "cardcore/sms/gsm7.hpp"

#include <algorithm>
#include <array>

#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/utf8.hpp"

namespace cardcore::sms {

namespace {

// TS 23.038 §6.2.1, figure "GSM 7 bit default alphabet", read by column.
// 0x1B is the escape to the extension table; it decodes as a space on its own.
constexpr std::array<char32_t, 128> kBasic = {
    U'@',  U'£',  U'$',  U'¥',  U'è',  U'é',  U'ù',  U'ì',  U'ò',  U'Ç',  U'\n', U'Ø',  U'ø',  U'\r', U'Å',  U'å',
    U'Δ',  U'_',  U'Φ',  U'Γ',  U'Λ',  U'Ω',  U'Π',  U'Ψ',  U'Σ',  U'Θ',  U'Ξ',  U' ',  U'Æ',  U'æ',  U'ß',  U'É',
    U' ',  U'!',  U'"',  U'#',  U'¤',  U'%',  U'&',  U'\'', U'(',  U')',  U'*',  U'+',  U',',  U'-',  U'.',  U'/',
    U'0',  U'1',  U'2',  U'3',  U'4',  U'5',  U'6',  U'7',  U'8',  U'9',  U':',  U';',  U'<',  U'=',  U'>',  U'?',
    U'¡',  U'A',  U'B',  U'C',  U'D',  U'E',  U'F',  U'G',  U'H',  U'I',  U'J',  U'K',  U'L',  U'M',  U'N',  U'O',
    U'P',  U'Q',  U'R',  U'S',  U'T',  U'U',  U'V',  U'W',  U'X',  U'Y',  U'Z',  U'Ä',  U'Ö',  U'Ñ',  U'Ü',  U'§',
    U'¿',  U'a',  U'b',  U'c',  U'd',  U'e',  U'f',  U'g',  U'h',  U'i',  U'j',  U'k',  U'l',  U'm',  U'n',  U'o',
    U'p',  U'q',  U'r',  U's',  U't',  U'u',  U'v',  U'w',  U'x',  U'y',  U'z',  U'ä',  U'ö',  U'ñ',  U'ü',  U'à',
};

// TS 23.038 §6.2.1.1: the characters of the default extension table.
struct Extension {
  std::uint8_t code;
  char32_t cp;
};
constexpr std::array<Extension, 10> kExtension = {{
    {0x0A, U'\f'},
    {0x14, U'^'},
    {0x28, U'{'},
    {0x29, U'}'},
    {0x2F, U'\\'},
    {0x3C, U'['},
    {0x3D, U'~'},
    {0x3E, U']'},
    {0x40, U'|'},
    {0x65, U'€'},
}};

// Appends the septet(s) for `cp`; false if neither table has it.
bool encode_code_point(char32_t cp, Bytes& out) {
  if (cp == U'ç') cp = U'Ç';
  for (std::size_t i = 0; i < kBasic.size(); ++i) {
    if (i != kGsm7Escape && kBasic[i] == cp) {
      out.push_back(static_cast<std::uint8_t>(i));
      return true;
    }
  }
  for (const Extension& e : kExtension) {
    if (e.cp == cp) {
      out.push_back(kGsm7Escape);
      out.push_back(e.code);
      return true;
    }
  }
  return false;
}

std::string code_point_name(char32_t cp) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string digits;
  for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4) digits.push_back(kHex[(cp >> shift) & 0xF]);
  return "U+" + digits;
}

}  // namespace

Bytes gsm7_from_utf8(std::string_view text) {
  Bytes out;
  std::size_t byte_index = 0;
  for (char32_t cp : detail::utf8_to_code_points(text, "text")) {
    if (!encode_code_point(cp, out))
      throw SmsError("text", byte_index,
                     code_point_name(cp) + " is not in the GSM 7 bit default alphabet (TS 23.038 §6.2.1)");
    std::string one;
    detail::append_utf8(one, cp);
    byte_index += one.size();
  }
  return out;
}

bool gsm7_can_encode(std::string_view text) {
  try {
    gsm7_from_utf8(text);
    return true;
  } catch (const SmsError&) {
    return false;
  }
}

std::string gsm7_to_utf8(ByteView septets) {
  std::string out;
  for (std::size_t i = 0; i < septets.size(); ++i) {
    const std::uint8_t s = septets[i] & 0x7F;
    if (s != kGsm7Escape) {
      detail::append_utf8(out, kBasic[s]);
      continue;
    }
    if (i + 1 == septets.size()) {  // a lone escape at the end
      out.push_back(' ');
      break;
    }
    const std::uint8_t code = septets[++i] & 0x7F;
    char32_t cp = kBasic[code];  // TS 23.038 §6.2.1.1: unknown extension -> basic-table character
    if (code == kGsm7Escape) cp = U' ';
    for (const Extension& e : kExtension)
      if (e.code == code) cp = e.cp;
    detail::append_utf8(out, cp);
  }
  return out;
}

Bytes pack_septets(ByteView septets, unsigned fill_bits) {
  if (fill_bits > 6) throw SmsError("fill bits", 0, std::to_string(fill_bits) + " fill bits; at most 6");
  Bytes out(packed_octets(septets.size(), fill_bits), 0);
  std::size_t bit = fill_bits;
  for (std::size_t i = 0; i < septets.size(); ++i, bit += 7) {
    if (septets[i] > 0x7F) throw SmsError("septets", i, "value " + to_hex(septets.subspan(i, 1)) + " exceeds 7 bits");
    const unsigned v = static_cast<unsigned>(septets[i]) << (bit % 8);
    out[bit / 8] |= static_cast<std::uint8_t>(v);
    if (v > 0xFF) out[bit / 8 + 1] |= static_cast<std::uint8_t>(v >> 8);
  }
  return out;
}

Bytes unpack_septets(ByteView octets, std::size_t count, unsigned fill_bits) {
  if (fill_bits > 6) throw SmsError("fill bits", 0, std::to_string(fill_bits) + " fill bits; at most 6");
  if (count > (octets.size() * 8 - std::min<std::size_t>(octets.size() * 8, fill_bits)) / 7)
    throw SmsError("septets", octets.size(),
                   std::to_string(count) + " septets need " + std::to_string(packed_octets(count, fill_bits)) +
                       " octets, " + std::to_string(octets.size()) + " given");
  Bytes out;
  out.reserve(count);
  std::size_t bit = fill_bits;
  for (std::size_t i = 0; i < count; ++i, bit += 7) {
    unsigned v = octets[bit / 8];
    if (bit / 8 + 1 < octets.size()) v |= static_cast<unsigned>(octets[bit / 8 + 1]) << 8;
    out.push_back(static_cast<std::uint8_t>((v >> (bit % 8)) & 0x7F));
  }
  return out;
}

}  // namespace cardcore::sms
