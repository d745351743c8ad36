#include "cardcore/sms/udh.hpp"

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

const InformationElement* UserDataHeader::find(std::uint8_t iei) const {
  const InformationElement* found = nullptr;
  for (const InformationElement& e : elements)
    if (e.iei == iei) found = &e;
  return found;
}

Bytes encode_udh(const UserDataHeader& h) {
  Bytes out{0};
  for (std::size_t i = 0; i < h.elements.size(); ++i) {
    const InformationElement& e = h.elements[i];
    if (e.data.size() > 255) throw SmsError("TP-UDH", i, "information element data longer than 255 octets");
    out.push_back(e.iei);
    out.push_back(static_cast<std::uint8_t>(e.data.size()));
    out.insert(out.end(), e.data.begin(), e.data.end());
  }
  if (out.size() - 1 > 255) throw SmsError("TP-UDH", 0, "header longer than 255 octets");
  out[0] = static_cast<std::uint8_t>(out.size() - 1);
  return out;
}

UserDataHeader decode_udh(ByteView bytes) {
  if (bytes.empty()) throw SmsError("TP-UDHL", 0, "missing");
  if (bytes.size() < 1u + bytes[0])
    throw SmsError("TP-UDHL", 0, "UDHL " + std::to_string(bytes[0]) + " beyond the " +
                                     std::to_string(bytes.size() - 1) + " octets that follow");
  return detail::parse_udh_elements(bytes.subspan(1, bytes[0]), 1, "");
}

UserDataHeader detail::parse_udh_elements(ByteView elements, std::size_t base, const char* context) {
  UserDataHeader h;
  std::size_t i = 0;
  while (i < elements.size()) {
    if (elements.size() - i < 2)
      throw SmsError("TP-UDH", base + i, "information element without its length octet", context);
    const std::uint8_t iei = elements[i];
    const std::uint8_t iedl = elements[i + 1];
    if (elements.size() - i - 2 < iedl)
      throw SmsError("TP-UDH", base + i,
                     "information element " + to_hex(elements.subspan(i, 1)) + " of " + std::to_string(iedl) +
                         " octets runs past the UDHL",
                     context);
    const ByteView data = elements.subspan(i + 2, iedl);
    h.elements.push_back({iei, Bytes(data.begin(), data.end())});
    i += 2u + iedl;
  }
  return h;
}

std::optional<Concatenation> concatenation_of(const UserDataHeader& h) {
  std::optional<Concatenation> c;
  for (std::size_t i = 0; i < h.elements.size(); ++i) {
    const InformationElement& e = h.elements[i];
    if (e.iei != kIeiConcatenation8 && e.iei != kIeiConcatenation16) continue;
    const bool wide = e.iei == kIeiConcatenation16;
    if (e.data.size() != (wide ? 4u : 3u))
      throw SmsError("TP-UDH", i, std::string("concatenation element of ") + std::to_string(e.data.size()) +
                                      " octets; " + (wide ? "§9.2.3.24.8 has 4" : "§9.2.3.24.1 has 3"));
    Concatenation k;
    k.sixteen_bit_reference = wide;
    k.reference = wide ? be16(e.data.data()) : e.data[0];
    k.total = e.data[wide ? 2 : 1];
    k.sequence = e.data[wide ? 3 : 2];
    c = k;  // §9.2.3.24: the last of mutually exclusive elements counts
  }
  return c;
}

InformationElement concatenation_element(const Concatenation& c) {
  if (c.sixteen_bit_reference) {
    Bytes d(4);
    put_be16(d.data(), c.reference);
    d[2] = c.total, d[3] = c.sequence;
    return {kIeiConcatenation16, d};
  }
  return {kIeiConcatenation8, Bytes{static_cast<std::uint8_t>(c.reference), c.total, c.sequence}};
}

UserDataHeader without_concatenation(const UserDataHeader& h) {
  UserDataHeader out;
  for (const InformationElement& e : h.elements)
    if (e.iei != kIeiConcatenation8 && e.iei != kIeiConcatenation16) out.elements.push_back(e);
  return out;
}

}  // namespace cardcore::sms
