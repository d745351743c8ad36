#pragma once
// Addresses of the SMS layers: the TP-OA / TP-DA / TP-RA address fields of
// TS 23.040 §9.1.2.5, the RP-Originator / RP-Destination Address of
// TS 24.011 §8.2.5.1/§8.2.5.2 (the SMSC address), and the value of the
// Address COMPREHENSION-TLV of TS 102 223 §8.1 that the ENVELOPE (SMS-PP
// DOWNLOAD) of TS 31.111 §7.1.1.2 carries.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

// TS 23.040 §9.1.2.5 Type-of-Address bits 6..4.
enum class TypeOfNumber : std::uint8_t {
  Unknown = 0,
  International = 1,
  National = 2,
  NetworkSpecific = 3,
  Subscriber = 4,
  Alphanumeric = 5,  // GSM 7 bit default alphabet, TS 23.038
  Abbreviated = 6,
  Reserved = 7,
};

// TS 23.040 §9.1.2.5 Type-of-Address bits 3..0 (other values are carried as is).
enum class NumberingPlan : std::uint8_t {
  Unknown = 0,
  Isdn = 1,  // ISDN/telephone, E.164/E.163
  Data = 3,  // X.121
  Telex = 4,
  ServiceCentre5 = 5,
  ServiceCentre6 = 6,
  National = 8,
  Private = 9,
  Ermes = 10,
  Reserved = 15,
};

struct Address {
  TypeOfNumber ton = TypeOfNumber::Unknown;
  NumberingPlan npi = NumberingPlan::Isdn;
  // Digits as semi-octets (TS 23.040 §9.1.2.3): '0'..'9', '*', '#', 'a',
  // 'b', 'c' (upper case accepted on encoding). For TON Alphanumeric in a
  // TP address: UTF-8 text in the GSM 7 bit default alphabet.
  std::string value;

  bool operator==(const Address&) const = default;
};

// The Type-of-Address octet: bit 7 set, TON, NPI. Decoding ignores bit 7.
std::uint8_t type_of_address(const Address& a);

// TS 23.040 §9.1.2.5: Address-Length (the number of useful semi-octets),
// Type-of-Address, Address-Value; 2..12 octets, so at most 20 digits or 11
// alphanumeric characters (Address-Length = semi-octets holding septet bits).
// Throws SmsError(field, ...).
Bytes encode_tp_address(const Address& a, const char* field = "TP-DA");
// Decodes the field at the start of `bytes` and sets `consumed`. A filler
// semi-octet 'F' inside the useful length is an error; the filler of an odd
// length is not checked.
Address decode_tp_address(ByteView bytes, std::size_t& consumed, const char* field = "TP-OA");

// TS 24.011 §8.2.5.1/§8.2.5.2 (and the SMSC address in front of a TPDU in
// TS 27.005 PDU mode): length in octets of what follows, Type-of-Address,
// BCD digits with 'F' filler; at most 11 octets after the length (20
// digits). Alphanumeric addresses cannot be encoded here.
Bytes encode_rp_address(const Address& a);
// nullopt for length 0 (no address, as in the MS-to-network RP-OA).
std::optional<Address> decode_rp_address(ByteView bytes, std::size_t& consumed);

// TS 102 223 §8.1 / TS 31.111 §7.1.1.2: the Address TLV's value, i.e.
// Type-of-Address then the BCD dialling number string (no length octet).
Bytes encode_address_value(const Address& a);
Address decode_address_value(ByteView value);

}  // namespace cardcore::sms
