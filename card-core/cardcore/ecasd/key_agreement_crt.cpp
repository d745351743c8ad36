#include "cardcore/ecasd/key_agreement_crt.hpp"

#include <stdexcept>
#include <vector>

#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::ecasd {

namespace {

constexpr std::uint16_t kCrt = 0xA6;
constexpr std::uint16_t kScenario = 0x90, kUsage = 0x95, kAccess = 0x96, kType = 0x80, kLength = 0x81, kId = 0x82,
                        kVersion = 0x83, kCounter = 0x91, kSdin = 0x45, kHostId = 0x84;
constexpr std::size_t kMaxCounter = 8, kMaxIdentifier = 127;

void put_byte(Bytes& out, std::uint16_t tag, std::uint8_t v) { tlv::put_ber(out, tag, ByteView(&v, 1)); }

}  // namespace

Bytes encode_crt(const KeyAgreementCrt& crt) {
  Bytes v;
  const std::uint8_t scenario[2] = {crt.scenario, crt.scenario_parameters};
  tlv::put_ber(v, kScenario, scenario);
  put_byte(v, kUsage, crt.key_usage_qualifier);
  if (crt.key_access) put_byte(v, kAccess, *crt.key_access);
  put_byte(v, kType, crt.key_type);
  put_byte(v, kLength, crt.key_length);
  put_byte(v, kId, crt.key_identifier);
  put_byte(v, kVersion, crt.key_version);
  if (crt.initial_counter) {
    if (crt.initial_counter->size() > kMaxCounter) throw std::invalid_argument("CRT: initial counter over 8 bytes");
    tlv::put_ber(v, kCounter, *crt.initial_counter);
  }
  for (const auto& [tag, value] : {std::pair{kSdin, &crt.sdin}, std::pair{kHostId, &crt.host_id}}) {
    if (!*value) continue;
    if ((*value)->empty() || (*value)->size() > kMaxIdentifier)
      throw std::invalid_argument("CRT: SDIN / host ID must be 1..127 bytes");
    tlv::put_ber(v, tag, **value);
  }
  return tlv::make_ber(kCrt, v);
}

Outcome<KeyAgreementCrt> decode_crt(ByteView in) {
  auto bad = [](const std::string& what) {
    return Outcome<KeyAgreementCrt>{std::nullopt, KeyEstablishmentError::MalformedCommand, "'A6' CRT: " + what};
  };
  const tlv::Result<tlv::BerTlv> outer = tlv::parse_ber(in);
  if (!outer.ok() || outer.value.tag != kCrt) return bad("not one 'A6' TLV");

  std::vector<tlv::BerTlv> objs;
  tlv::BerReader reader(outer.value.value);
  tlv::BerTlv t;
  while (reader.next(t)) objs.push_back(t);
  if (reader.error() != tlv::Error::None) return bad(std::string("TLV ") + std::string(tlv::describe(reader.error())));

  std::size_t i = 0;
  auto take = [&](std::uint16_t tag) -> std::optional<ByteView> {
    if (i < objs.size() && objs[i].tag == tag) return objs[i++].value;
    return std::nullopt;
  };
  KeyAgreementCrt crt;
  struct OneByte {
    std::uint16_t tag;
    const char* name;
    std::uint8_t* out;
  };
  const auto scenario = take(kScenario);
  if (!scenario) return bad("'90' scenario missing");
  if (scenario->size() != 2) return bad("'90' scenario not 2 bytes");
  crt.scenario = (*scenario)[0];
  crt.scenario_parameters = (*scenario)[1];
  const OneByte before_access[] = {{kUsage, "'95' key usage qualifier", &crt.key_usage_qualifier}};
  const OneByte after_access[] = {{kType, "'80' key type", &crt.key_type},
                                  {kLength, "'81' key length", &crt.key_length},
                                  {kId, "'82' key identifier", &crt.key_identifier},
                                  {kVersion, "'83' key version", &crt.key_version}};
  auto read_one = [&](const OneByte& o) -> std::optional<std::string> {
    const auto v = take(o.tag);
    if (!v) return std::string(o.name) + " missing";
    if (v->size() != 1) return std::string(o.name) + " not 1 byte";
    *o.out = (*v)[0];
    return std::nullopt;
  };
  for (const OneByte& o : before_access)
    if (auto e = read_one(o)) return bad(*e);
  if (const auto access = take(kAccess)) {
    if (access->size() != 1) return bad("'96' key access not 1 byte");
    crt.key_access = (*access)[0];
  }
  for (const OneByte& o : after_access)
    if (auto e = read_one(o)) return bad(*e);
  if (const auto counter = take(kCounter)) {
    if (counter->size() > kMaxCounter) return bad("'91' initial counter over 8 bytes");
    crt.initial_counter = Bytes(counter->begin(), counter->end());
  }
  if (const auto sdin = take(kSdin)) {
    if (sdin->empty()) return bad("'45' SDIN empty");
    crt.sdin = Bytes(sdin->begin(), sdin->end());
  }
  if (const auto host = take(kHostId)) {
    if (host->empty()) return bad("'84' host ID empty");
    crt.host_id = Bytes(host->begin(), host->end());
  }
  if (i != objs.size()) {
    const std::uint16_t tag = objs[i].tag;
    return bad("unexpected or out-of-order object '" +
               to_hex(tag > 0xFF ? Bytes{static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag)}
                                 : Bytes{static_cast<std::uint8_t>(tag)}) +
               "'");
  }
  return {crt, KeyEstablishmentError::None, {}};
}

KeyEstablishmentError check_crt_values(const KeyAgreementCrt& crt, std::string& detail) {
  if (crt.scenario != kScenario3) {
    detail = "'90' scenario " + std::to_string(crt.scenario) + ", not #3";
    return KeyEstablishmentError::UnsupportedScenario;
  }
  if ((crt.scenario_parameters & ~kScenarioKnownBits) != 0) {
    detail = "'90' scenario parameters with reserved bits";
    return KeyEstablishmentError::UnsupportedScenario;
  }
  const bool key_set = crt.key_usage_qualifier == kKeyUsageQualifierKeySet;
  const bool one_key = crt.key_usage_qualifier == kKeyUsageQualifierOneKey;
  if (!key_set && !one_key) {
    detail = "'95' key usage qualifier not '10' or '5C'";
    return KeyEstablishmentError::UnsupportedKeyParameters;
  }
  if (key_set && crt.key_type != kKeyTypeAes) {
    detail = "'80' key type not AES ('88') for a key set ('10')";
    return KeyEstablishmentError::UnsupportedKeyParameters;
  }
  if (key_set && crt.key_length != 16 && crt.key_length != 24 && crt.key_length != 32) {
    detail = "'81' key length not 16, 24 or 32";
    return KeyEstablishmentError::UnsupportedKeyParameters;
  }
  // njiwa's CreateSCP81KeySet: one PSK-TLS key ('85', GPC Table 11-16).
  if (one_key && crt.key_type != kKeyTypePskTls) {
    detail = "'80' key type not PSK-TLS ('85') for one key ('5C')";
    return KeyEstablishmentError::UnsupportedKeyParameters;
  }
  if (one_key && crt.key_length != 16 && crt.key_length != 32) {
    detail = "'81' PSK length not 16 or 32";
    return KeyEstablishmentError::UnsupportedKeyParameters;
  }
  if ((crt.scenario_parameters & kScenarioIdentifiers) != 0 && !crt.host_id) {
    detail = "scenario parameters ask for the host ID, '84' absent";
    return KeyEstablishmentError::HostIdMissing;
  }
  return KeyEstablishmentError::None;
}

std::size_t derived_key_count(const KeyAgreementCrt& crt) {
  return crt.key_usage_qualifier == kKeyUsageQualifierOneKey ? 1 : 3;
}

}  // namespace cardcore::ecasd
