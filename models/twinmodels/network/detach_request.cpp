#include "twinmodels/network/detach_request.hpp"

#include <string>

#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

namespace {

const char* const kIe = "DETACH REQUEST";

std::string hex(std::uint8_t v) {
  static const char* const d = "0123456789ABCDEF";
  return std::string("0x") + d[v >> 4] + d[v & 0x0F];
}

}  // namespace

bool emm_cause_listed(std::uint8_t c) {
  // TS 24.301 Table 9.9.3.9.1.
  switch (c) {
    case 2: case 3: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15:
    case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23: case 24: case 25: case 26: case 31:
    case 35: case 36: case 39: case 40: case 42: case 78: case 95: case 96: case 97: case 98: case 99: case 100:
    case 101: case 111:
      return true;
    default:
      return false;
  }
}

cardcore::Bytes encode_detach_request(const DetachRequest& r) {
  const auto type = static_cast<std::uint8_t>(r.type);
  if (type < 1 || type > 3) throw NetworkIeError(kIe, "detach type " + std::to_string(type) + " is not one the network sends");
  cardcore::Bytes m = {kEmmProtocolDiscriminator, kDetachRequestType, type};
  if (r.emm_cause) {
    if (!emm_cause_listed(*r.emm_cause))
      throw NetworkIeError(kIe, "EMM cause #" + std::to_string(*r.emm_cause) + " is not in TS 24.301 Table 9.9.3.9.1");
    m.push_back(kEmmCauseIei);
    m.push_back(*r.emm_cause);
  }
  return m;
}

DetachRequest decode_detach_request(cardcore::ByteView nas) {
  if (nas.size() < 3)
    throw NetworkIeError(kIe, std::to_string(nas.size()) + " octets, its mandatory part has 3");
  if ((nas[0] & 0x0F) != kEmmProtocolDiscriminator)
    throw NetworkIeError(kIe, "protocol discriminator " + std::to_string(nas[0] & 0x0F) + ", expected 7 (EMM)");
  if (nas[0] >> 4)
    throw NetworkIeError(kIe, "security header type " + std::to_string(nas[0] >> 4) + ": only plain NAS is modelled");
  if (nas[1] != kDetachRequestType) throw NetworkIeError(kIe, "message type " + hex(nas[1]) + ", expected 0x45");
  DetachRequest r;
  // §9.9.3.7: bits 3..1 the type of detach; bit 4 is spare from the network.
  const std::uint8_t type = nas[2] & 0x07;
  r.type = type == 1 ? DetachType::ReattachRequired : type == 3 ? DetachType::ImsiDetach : DetachType::ReattachNotRequired;
  for (std::size_t i = 3; i < nas.size();) {
    const std::uint8_t iei = nas[i];
    if (iei == kEmmCauseIei) {
      if (i + 2 > nas.size()) throw NetworkIeError(kIe, "EMM cause IE (0x53) without its value octet");
      // §7.6.3: only the first occurrence is handled.
      if (!r.emm_cause) r.emm_cause = emm_cause_listed(nas[i + 1]) ? nas[i + 1] : kEmmCauseProtocolError;
      i += 2;
    } else if (iei & 0x80) {
      i += 1;  // TS 24.007 §11.2.4: a type 1 or type 2 IE, one octet
    } else if ((iei & 0xF0) == 0x70) {
      if (i + 3 > nas.size()) throw NetworkIeError(kIe, "IE " + hex(iei) + " (TLV-E) cut short in its length");
      const std::size_t len = static_cast<std::size_t>(nas[i + 1]) << 8 | nas[i + 2];
      if (i + 3 + len > nas.size()) throw NetworkIeError(kIe, "IE " + hex(iei) + " longer than the message");
      i += 3 + len;
    } else {
      if (i + 2 > nas.size()) throw NetworkIeError(kIe, "IE " + hex(iei) + " (TLV) cut short in its length");
      const std::size_t len = nas[i + 1];
      if (i + 2 + len > nas.size()) throw NetworkIeError(kIe, "IE " + hex(iei) + " longer than the message");
      i += 2 + len;
    }
  }
  return r;
}

}  // namespace twinmodels
