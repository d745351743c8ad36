#include "cardcore/sms/address.hpp"

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/gsm7.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

namespace {

constexpr std::size_t kMaxTpDigits = 20;       // TS 23.040 §9.1.2.5: 12 octets in all
constexpr std::size_t kMaxAlphanumOctets = 10;  // the same 10 value octets, as septets
constexpr std::size_t kMaxRpValueOctets = 11;   // TS 24.011 §8.2.5.1: TON/NPI + 10 octets of digits

// TS 23.040 §9.1.2.3: semi-octet values 0..9, '*', '#', 'a', 'b', 'c'; 'F' is the filler.
constexpr char kDigits[] = "0123456789*#abc";

std::uint8_t semi_octet_of(char c, const char* field, std::size_t index) {
  if (c >= 'A' && c <= 'C') c = static_cast<char>(c - 'A' + 'a');
  for (std::uint8_t v = 0; v < 15; ++v)
    if (kDigits[v] == c) return v;
  throw SmsError(field, index, std::string("'") + c + "' is not an address digit (TS 23.040 §9.1.2.3)");
}

// Digits two per octet, the first in the low nibble, 'F' filler.
Bytes pack_bcd(const std::string& digits, const char* field) {
  Bytes out((digits.size() + 1) / 2, 0xFF);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const std::uint8_t d = semi_octet_of(digits[i], field, i);
    std::uint8_t& b = out[i / 2];
    b = i % 2 == 0 ? static_cast<std::uint8_t>((b & 0xF0) | d) : static_cast<std::uint8_t>((b & 0x0F) | (d << 4));
  }
  return out;
}

// Digits up to the first filler; a digit after a filler is an error.
std::string unpack_bcd_until_filler(ByteView bcd, const char* field, std::size_t base) {
  std::string out;
  bool ended = false;
  for (std::size_t i = 0; i < bcd.size() * 2; ++i) {
    const std::uint8_t d = i % 2 == 0 ? (bcd[i / 2] & 0x0F) : (bcd[i / 2] >> 4);
    if (d == 0x0F) {
      ended = true;
    } else if (ended) {
      throw SmsError(field, base + i / 2, "digit after the 'F' filler");
    } else {
      out.push_back(kDigits[d]);
    }
  }
  return out;
}

Address with_toa(std::uint8_t toa) {
  Address a;
  a.ton = static_cast<TypeOfNumber>((toa >> 4) & 0x07);
  a.npi = static_cast<NumberingPlan>(toa & 0x0F);
  return a;
}

}  // namespace

std::uint8_t type_of_address(const Address& a) {
  return static_cast<std::uint8_t>(0x80 | ((static_cast<unsigned>(a.ton) & 0x07) << 4) |
                                   (static_cast<unsigned>(a.npi) & 0x0F));
}

Bytes encode_tp_address(const Address& a, const char* field) {
  Bytes out;
  if (a.ton == TypeOfNumber::Alphanumeric) {
    const Bytes septets = gsm7_from_utf8(a.value);
    const Bytes packed = pack_septets(septets);
    if (packed.size() > kMaxAlphanumOctets)
      throw SmsError(field, 0, std::to_string(septets.size()) + " septets need " + std::to_string(packed.size()) +
                                   " octets; the Address-Value holds 10 (TS 23.040 §9.1.2.5)");
    out.push_back(static_cast<std::uint8_t>((7 * septets.size() + 3) / 4));  // useful semi-octets
    out.push_back(type_of_address(a));
    out.insert(out.end(), packed.begin(), packed.end());
    return out;
  }
  if (a.value.size() > kMaxTpDigits)
    throw SmsError(field, 0, std::to_string(a.value.size()) + " digits; at most 20 (TS 23.040 §9.1.2.5)");
  const Bytes bcd = pack_bcd(a.value, field);
  out.push_back(static_cast<std::uint8_t>(a.value.size()));
  out.push_back(type_of_address(a));
  out.insert(out.end(), bcd.begin(), bcd.end());
  return out;
}

Address decode_tp_address(ByteView bytes, std::size_t& consumed, const char* field) {
  detail::Reader r(bytes, "");
  Address a = detail::read_tp_address(r, field);
  consumed = r.offset();
  return a;
}

Address detail::read_tp_address(Reader& r, const char* field) {
  const std::size_t start = r.offset();
  const std::uint8_t length = r.u8(field);
  if (length > kMaxTpDigits)
    r.fail_at(field, start, "Address-Length " + std::to_string(length) +
                                " exceeds 20 semi-octets (TS 23.040 §9.1.2.5: at most 12 octets)");
  Address a = with_toa(r.u8(field));
  const std::size_t value_offset = r.offset();
  const ByteView value = r.take((length + 1u) / 2, field);
  if (a.ton == TypeOfNumber::Alphanumeric) {
    a.value = gsm7_to_utf8(unpack_septets(value, length * 4u / 7));
    return a;
  }
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint8_t d = i % 2 == 0 ? (value[i / 2] & 0x0F) : (value[i / 2] >> 4);
    if (d == 0x0F) r.fail_at(field, value_offset + i / 2, "filler 'F' within the Address-Length");
    a.value.push_back(kDigits[d]);
  }
  return a;
}

Bytes encode_rp_address(const Address& a) {
  if (a.ton == TypeOfNumber::Alphanumeric)
    throw SmsError("RP address", 0, "alphanumeric addresses have no BCD form (TS 24.011 §8.2.5.1)");
  const Bytes bcd = pack_bcd(a.value, "RP address");
  if (1 + bcd.size() > kMaxRpValueOctets)
    throw SmsError("RP address", 0, std::to_string(a.value.size()) + " digits; at most 20 (TS 24.011 §8.2.5.1)");
  Bytes out{static_cast<std::uint8_t>(1 + bcd.size()), type_of_address(a)};
  out.insert(out.end(), bcd.begin(), bcd.end());
  return out;
}

std::optional<Address> decode_rp_address(ByteView bytes, std::size_t& consumed) {
  detail::Reader r(bytes, "");
  const std::uint8_t length = r.u8("RP address");
  if (length > kMaxRpValueOctets)
    r.fail_at("RP address", 0, "length " + std::to_string(length) + " exceeds 11 octets (TS 24.011 §8.2.5.1)");
  const ByteView value = r.take(length, "RP address");
  consumed = r.offset();
  if (length == 0) return std::nullopt;
  Address a = with_toa(value[0]);
  a.value = unpack_bcd_until_filler(value.subspan(1), "RP address", 2);
  return a;
}

Bytes encode_address_value(const Address& a) {
  if (a.ton == TypeOfNumber::Alphanumeric)
    throw SmsError("Address", 0, "alphanumeric addresses have no BCD form (TS 102 223 §8.1)");
  Bytes out{type_of_address(a)};
  const Bytes bcd = pack_bcd(a.value, "Address");
  out.insert(out.end(), bcd.begin(), bcd.end());
  return out;
}

Address decode_address_value(ByteView value) {
  if (value.empty()) throw SmsError("Address", 0, "empty; the TON/NPI octet is mandatory (TS 102 223 §8.1)");
  Address a = with_toa(value[0]);
  a.value = unpack_bcd_until_filler(value.subspan(1), "Address", 1);
  return a;
}

}  // namespace cardcore::sms
