#include "cardcore/remote/key_sets.hpp"

#include <array>

#include "cardcore/card/uicc.hpp"
#include "cardcore/ota/key_identifier.hpp"

namespace cardcore::remote {

namespace {

bool key_length_ok(std::uint8_t n) { return n == 0 || n == 8 || n == 16 || n == 24 || n == 32; }

// The record's key set, if its lengths are sound.
std::optional<KeySet> key_set_of(const std::array<std::uint8_t, OtaKeyRecord::kSize>& r) {
  const std::uint8_t kic_len = r[OtaKeyRecord::kKicLength];
  const std::uint8_t kid_len = r[OtaKeyRecord::kKidLength];
  if (!key_length_ok(kic_len) || !key_length_ok(kid_len)) return std::nullopt;
  KeySet k;
  k.keys.kic = r[OtaKeyRecord::kKic];
  k.keys.kid = r[OtaKeyRecord::kKid];
  const auto* keys = r.data() + OtaKeyRecord::kKeys;
  k.keys.kic_key.assign(keys, keys + kic_len);
  k.keys.kid_key.assign(keys + kic_len, keys + kic_len + kid_len);
  k.counter_record = r[OtaKeyRecord::kCounter];
  return k;
}

// TS 102 225 §5.1.2, §5.1.3: the key versions (and algorithms, unless
// "implicit") the packet names, for the keys its SPI uses.
bool names_keys(const ota::CommandHeader& h, const ota::OtaKeys& k) {
  const bool ciphered = h.spi.ciphering || h.spi.por_ciphering;
  const bool checksum = h.spi.integrity == ota::Integrity::CryptographicChecksum ||
                        h.spi.por_integrity == ota::Integrity::CryptographicChecksum;
  if (ciphered && !ota::names_key(h.kic, k.kic)) return false;
  if (checksum && !ota::names_key(h.kid, k.kid)) return false;
  return true;
}

}  // namespace

std::vector<KeySetRecord> factory_key_set_records(const ProfileTemplate& profile) {
  std::vector<KeySetRecord> out;
  if (!profile.ota) return out;
  const FileNode& f = profile.files[profile.ota->keys];
  const std::span<const std::uint8_t> image = profile.nvm->bytes();
  for (std::uint32_t n = 0; n < f.record_count; ++n) {
    const std::uint8_t* r = image.data() + f.body_addr + n * f.record_length;
    if (r[0] == 0xFF && r[1] == 0xFF && r[2] == 0xFF) continue;  // unused record
    KeySetRecord k;
    k.record = static_cast<std::uint8_t>(n + 1);
    k.tar = {r[OtaKeyRecord::kTar], r[OtaKeyRecord::kTar + 1], r[OtaKeyRecord::kTar + 2]};
    k.msl = r[OtaKeyRecord::kMsl];
    k.counter_record = r[OtaKeyRecord::kCounter];
    k.kic = r[OtaKeyRecord::kKic];
    k.kic_length = r[OtaKeyRecord::kKicLength];
    k.kid = r[OtaKeyRecord::kKid];
    k.kid_length = r[OtaKeyRecord::kKidLength];
    out.push_back(k);
  }
  return out;
}

std::uint32_t key_set_keys_address(const ProfileTemplate& profile, std::uint8_t record) {
  const FileNode& f = profile.files[profile.ota->keys];
  return f.body_addr + (record - 1u) * f.record_length + OtaKeyRecord::kKeys;
}

std::optional<TarKeys> find_tar_keys(const Uicc& card, const ota::CommandHeader& header) {
  const auto& ota = card.profile().ota;
  if (!ota) return std::nullopt;
  const FileNode& f = card.node(ota->keys);
  std::optional<TarKeys> out;
  std::array<std::uint8_t, OtaKeyRecord::kSize> r;
  for (std::uint32_t n = 0; n < f.record_count; ++n) {
    card.nvm().read(f.body_addr + n * f.record_length, r);
    if (r[0] == 0xFF && r[1] == 0xFF && r[2] == 0xFF) continue;  // unused record
    if (r[0] != header.tar[0] || r[1] != header.tar[1] || r[2] != header.tar[2]) continue;
    if (!out) out = TarKeys{r[OtaKeyRecord::kMsl], std::nullopt};
    std::optional<KeySet> k = key_set_of(r);
    if (k && names_keys(header, k->keys)) {
      out->key_set = std::move(k);
      break;
    }
  }
  return out;
}

ota::Counter read_counter(const Uicc& card, std::uint8_t counter_record) {
  const auto& ota = card.profile().ota;
  if (!ota) return ota::kCounterMax;
  const FileNode& f = card.node(ota->counters);
  if (counter_record == 0 || counter_record > f.record_count) return ota::kCounterMax;
  std::array<std::uint8_t, OtaSpec::kCounterBytes> c;
  card.nvm().read(f.body_addr + (counter_record - 1u) * f.record_length, c);
  return ota::read_counter(c.data());
}

bool store_counter(Uicc& card, std::uint8_t counter_record, ota::Counter value) {
  const auto& ota = card.profile().ota;
  if (!ota) return false;
  const FileNode& f = card.node(ota->counters);
  if (counter_record == 0 || counter_record > f.record_count || value > ota::kCounterMax) return false;
  std::array<std::uint8_t, OtaSpec::kCounterBytes> c;
  ota::write_counter(c.data(), value);
  card.nvm().begin();
  card.nvm().write(f.body_addr + (counter_record - 1u) * f.record_length, c);
  return card.nvm().commit() == CommitResult::Ok;
}

}  // namespace cardcore::remote
