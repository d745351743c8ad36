#pragma once
// The Control Reference Template for key agreement, tag 'A6', that the
// off-card entity sends in DGI '3A02' (GPC Amendment A §3.3 CRT for key
// agreement, as GPC Amendment E scenario #3 and SGP.02 ES8.EstablishISDPKeySet
// / ES5 key set establishment use it; objects and values as in njiwa's
// ECKeyAgreementEG.makeA6CRT):
//
//   'A6' L
//     '90' 02 '03' P    scenario #3, scenario parameters P
//     '95' 01 Q         key usage qualifier ('10' a key set, '5C' one key)
//     '96' 01 A         key access                       (optional)
//     '80' 01 type      key type ('88' AES with '10', '85' PSK-TLS with '5C')
//     '81' 01 len       key length (AES 16, 24 or 32; PSK-TLS 16 or 32)
//     '82' 01 id        key identifier of the first key
//     '83' 01 version   key version number
//     '91' L counter    initial counter                  (optional, 0..8 bytes)
//     '45' L SDIN       security domain image number     (optional)
//     '84' L host ID    host identification              (optional)
//
// The objects in this order, each at most once; decode_crt() refuses
// anything else.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/ecasd/key_establishment_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

inline constexpr std::uint8_t kScenario3 = 0x03;

// Bits of P, the scenario parameters (njiwa's values).
inline constexpr std::uint8_t kScenarioDeleteKeys = 0x01;          // delete the SD's other keys
inline constexpr std::uint8_t kScenarioDerivationRandom = 0x02;    // card adds DR to SharedInfo
inline constexpr std::uint8_t kScenarioIdentifiers = 0x04;         // host ID (+ SIN, SDIN) in SharedInfo
inline constexpr std::uint8_t kScenarioCertificateFirst = 0x08;    // certificate verified beforehand
inline constexpr std::uint8_t kScenarioKnownBits = 0x0F;

// Q: '10' = a key set of three keys (SGP.02 §5.6.1, as njiwa reads it),
// with key type AES: the SCP03 / SCP80 key sets.
inline constexpr std::uint8_t kKeyUsageQualifierKeySet = 0x10;
// Q: '5C' = one key, with key type PSK-TLS: the ISD-R's SCP81 PSK, as
// njiwa's CreateSCP81KeySet establishes it. The only two values we accept;
// see README.
inline constexpr std::uint8_t kKeyUsageQualifierOneKey = 0x5C;
// GPC Card Specification Table 11-16: '88' AES, '85' Pre-Shared Key for TLS.
inline constexpr std::uint8_t kKeyTypeAes = 0x88;
inline constexpr std::uint8_t kKeyTypePskTls = 0x85;

struct KeyAgreementCrt {
  std::uint8_t scenario = kScenario3;  // first byte of '90'
  std::uint8_t scenario_parameters = kScenarioDerivationRandom | kScenarioCertificateFirst;
  std::uint8_t key_usage_qualifier = kKeyUsageQualifierKeySet;
  std::optional<std::uint8_t> key_access;
  std::uint8_t key_type = kKeyTypeAes;
  std::uint8_t key_length = 16;
  std::uint8_t key_identifier = 0x01;
  std::uint8_t key_version = 0x30;
  std::optional<Bytes> initial_counter;
  std::optional<Bytes> sdin;
  std::optional<Bytes> host_id;
  bool operator==(const KeyAgreementCrt&) const = default;
};

// 'A6' L ... (throws std::invalid_argument when an optional value is over
// 127 bytes or the initial counter over 8).
Bytes encode_crt(const KeyAgreementCrt& crt);

// Layout only (the whole 'A6' TLV): MalformedCommand naming the object on
// any departure from the layout above. The values are judged by
// check_crt_values().
Outcome<KeyAgreementCrt> decode_crt(ByteView a6_tlv);

// UnsupportedScenario, UnsupportedKeyParameters or HostIdMissing, or None.
// Accepted key parameters: Q '10' with AES of 16, 24 or 32 bytes, or Q '5C'
// with PSK-TLS of 16 or 32 bytes; any other combination is refused.
KeyEstablishmentError check_crt_values(const KeyAgreementCrt& crt, std::string& detail);

// How many keys the KDF derives after the receipt key: 1 for Q '5C', 3
// otherwise (Q '10').
std::size_t derived_key_count(const KeyAgreementCrt& crt);

}  // namespace cardcore::ecasd
