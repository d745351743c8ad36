#include "cardcore/ota/packet_security.hpp"

#include <openssl/crypto.h>

#include "cardcore/ota/integrity.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::ota {

std::optional<IntegrityField> IntegrityField::resolve(Integrity kind, std::uint8_t packet_kid, const OtaKeys* keys,
                                                      std::size_t aes_cc_length) {
  IntegrityField f;
  f.kind_ = kind;
  switch (kind) {
    case Integrity::None: return f;
    case Integrity::RedundancyCheck: {
      // TS 102 225 §5.1.3: for an RC the KID names the CRC; no key.
      const auto rc = redundancy_algorithm(packet_kid);
      if (!rc) return std::nullopt;
      f.rc_ = *rc;
      f.length_ = redundancy_length(*rc);
      return f;
    }
    case Integrity::CryptographicChecksum: {
      if (keys == nullptr || !names_key(packet_kid, keys->kid)) return std::nullopt;
      const auto cc = checksum_algorithm(keys->kid);
      if (!cc || !key_length_ok(checksum_cipher(*cc), keys->kid_key.size())) return std::nullopt;
      f.length_ = checksum_length(*cc, aes_cc_length);
      if (f.length_ == 0) return std::nullopt;
      f.cc_ = *cc;
      f.key_.emplace(checksum_cipher(*cc), keys->kid_key);
      return f;
    }
    case Integrity::DigitalSignature: return std::nullopt;  // no asymmetric keys on this card OS
  }
  return std::nullopt;
}

void IntegrityField::compute(ByteView input, std::uint8_t* out) {
  switch (kind_) {
    case Integrity::None: return;
    case Integrity::RedundancyCheck: redundancy_check(rc_, input, out); return;
    case Integrity::CryptographicChecksum: cryptographic_checksum(cc_, *key_, input, out, length_); return;
    case Integrity::DigitalSignature: return;  // never resolved
  }
}

bool IntegrityField::verify(ByteView input, const std::uint8_t* received) {
  std::uint8_t expected[16] = {};
  compute(input, expected);
  const bool ok = equal_constant_time(ByteView(expected, length_), ByteView(received, length_));
  OPENSSL_cleanse(expected, sizeof expected);
  return ok;
}

std::optional<BlockCipher> resolve_cipher(std::uint8_t packet_kic, const OtaKeys* keys) {
  if (keys == nullptr || !names_key(packet_kic, keys->kic)) return std::nullopt;
  const auto algorithm = cipher_algorithm(keys->kic);
  if (!algorithm || !key_length_ok(*algorithm, keys->kic_key.size())) return std::nullopt;
  return BlockCipher(*algorithm, keys->kic_key);
}

}  // namespace cardcore::ota
