#include "cardcore/ecasd/key_derivation.hpp"

#include <stdexcept>

#include <openssl/crypto.h>

#include "cardcore/ecasd/x963_kdf.hpp"

namespace cardcore::ecasd {

namespace {

void put_lv(Bytes& out, ByteView v) {
  if (v.size() > 127) throw std::invalid_argument("SharedInfo: identifier over 127 bytes");
  out.push_back(static_cast<std::uint8_t>(v.size()));
  out.insert(out.end(), v.begin(), v.end());
}

}  // namespace

Bytes shared_info(const KeyAgreementCrt& crt, ByteView derivation_random, const SecurityDomainIdentity* identity) {
  Bytes out{crt.key_usage_qualifier, crt.key_type, crt.key_length};
  if ((crt.scenario_parameters & kScenarioDerivationRandom) != 0)
    out.insert(out.end(), derivation_random.begin(), derivation_random.end());
  if ((crt.scenario_parameters & kScenarioIdentifiers) != 0) {
    if (crt.host_id) put_lv(out, *crt.host_id);
    if (identity != nullptr) {
      put_lv(out, identity->sin);
      put_lv(out, identity->sdin);
    }
  }
  return out;
}

DerivedKeys derive_keys(ByteView shared_secret, ByteView info, std::size_t key_length, std::size_t key_count) {
  if (key_count != 1 && key_count != 3) throw std::invalid_argument("key derivation: 1 or 3 keys");
  Bytes data = x963_kdf_sha256(shared_secret, info, kReceiptKeyBytes + key_count * key_length);
  auto part = [&](std::size_t at, std::size_t len) {
    return Bytes(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + len));
  };
  DerivedKeys keys{part(0, kReceiptKeyBytes), {part(kReceiptKeyBytes, key_length), {}, {}}};
  if (key_count == 3) {
    keys.keys.mac = part(kReceiptKeyBytes + key_length, key_length);
    keys.keys.dek = part(kReceiptKeyBytes + 2 * key_length, key_length);
  }
  OPENSSL_cleanse(data.data(), data.size());
  return keys;
}

}  // namespace cardcore::ecasd
