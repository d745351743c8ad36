#include "cardcore/ota/spi.hpp"

namespace cardcore::ota {

Spi Spi::parse(std::uint8_t first, std::uint8_t second) {
  Spi s;
  s.integrity = static_cast<Integrity>(first & 0x03);
  s.ciphering = (first & 0x04) != 0;
  s.counter = static_cast<CounterPolicy>((first >> 3) & 0x03);
  s.por = static_cast<PorRequest>(second & 0x03);
  s.por_integrity = static_cast<Integrity>((second >> 2) & 0x03);
  s.por_ciphering = (second & 0x10) != 0;
  s.por_via_sms_submit = (second & 0x20) != 0;
  return s;
}

std::array<std::uint8_t, 2> Spi::encode() const {
  const auto first = static_cast<std::uint8_t>(static_cast<unsigned>(integrity) | (ciphering ? 0x04u : 0u) |
                                               (static_cast<unsigned>(counter) << 3));
  const auto second = static_cast<std::uint8_t>(static_cast<unsigned>(por) | (static_cast<unsigned>(por_integrity) << 2) |
                                                (por_ciphering ? 0x10u : 0u) | (por_via_sms_submit ? 0x20u : 0u));
  return {first, second};
}

namespace {
const char* integrity_name(Integrity i) {
  switch (i) {
    case Integrity::None: return "no RC/CC/DS";
    case Integrity::RedundancyCheck: return "RC";
    case Integrity::CryptographicChecksum: return "CC";
    case Integrity::DigitalSignature: return "DS";
  }
  return "?";
}
const char* counter_name(CounterPolicy c) {
  switch (c) {
    case CounterPolicy::NoCounter: return "no counter";
    case CounterPolicy::NoReplayCheck: return "counter, no replay check";
    case CounterPolicy::Higher: return "counter higher";
    case CounterPolicy::OneHigher: return "counter one higher";
  }
  return "?";
}
const char* por_name(PorRequest p) {
  switch (p) {
    case PorRequest::None: return "no PoR";
    case PorRequest::Always: return "PoR always";
    case PorRequest::OnError: return "PoR on error";
    case PorRequest::Reserved: return "PoR reserved";
  }
  return "?";
}
}  // namespace

std::string describe(const Spi& s) {
  std::string out = integrity_name(s.integrity);
  out += s.ciphering ? ", ciphered, " : ", not ciphered, ";
  out += counter_name(s.counter);
  out += "; ";
  out += por_name(s.por);
  if (s.por == PorRequest::Always || s.por == PorRequest::OnError) {
    out += ", ";
    out += integrity_name(s.por_integrity);
    out += s.por_ciphering ? ", ciphered" : ", not ciphered";
    out += s.por_via_sms_submit ? ", by SMS-SUBMIT" : ", by SMS-DELIVER-REPORT";
  }
  return out;
}

bool meets_minimum_security_level(const Spi& spi, std::uint8_t msl) {
  const Spi min = Spi::parse(msl, 0);
  if (static_cast<unsigned>(spi.integrity) < static_cast<unsigned>(min.integrity)) return false;
  if (min.ciphering && !spi.ciphering) return false;
  return static_cast<unsigned>(spi.counter) >= static_cast<unsigned>(min.counter);
}

}  // namespace cardcore::ota
