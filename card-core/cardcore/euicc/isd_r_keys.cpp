// The ISD-R's key sets: reading them, adding the one a key establishment
// gives (SGP.02 §3.8, the SM-SR change) and deleting by key version (GP
// Card Specification §11.2 DELETE [key], which FinaliseISDRhandover uses to
// remove the previous SM-SR's keys, its SCP80 key set and its SCP81 PSK;
// SGP.02 §4.1.1.9).
#include "cardcore/euicc/isd_r_keys.hpp"

#include <algorithm>

#include "cardcore/card/uicc.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/platform_records.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

constexpr std::uint8_t kIsdRTar[3] = {0x00, 0x00, 0x01};
// MSL of the ISD-R's key sets: CC, ciphering, counter higher (as the factory's).
constexpr std::uint8_t kIsdRMsl = 0x16;
// GP §11.2.2.3.2: DELETE [key] objects.
constexpr std::uint16_t kKeyIdentifierTag = 0xD0, kKeyVersionTag = 0xD2;

const FileNode& keys_ef(const Uicc& platform) { return platform.profile().files[platform.profile().ota->keys]; }

Bytes read_record(const Uicc& platform, std::uint8_t record) {
  const FileNode& f = keys_ef(platform);
  Bytes r(f.record_length);
  platform.nvm().read(f.body_addr + (record - 1u) * f.record_length, r);
  return r;
}

bool is_isd_r(ByteView r) { return std::equal(r.begin(), r.begin() + 3, kIsdRTar); }
bool is_free(ByteView r) { return r[0] == 0xFF && r[1] == 0xFF && r[2] == 0xFF; }

void stage_record(Uicc& platform, std::uint8_t record, ByteView r) {
  const FileNode& f = keys_ef(platform);
  platform.nvm().write(f.body_addr + (record - 1u) * f.record_length, r);
}

}  // namespace

std::vector<IsdRKeySet> isd_r_key_sets(const Uicc& platform) {
  std::vector<IsdRKeySet> out;
  if (!platform.profile().ota) return out;
  const FileNode& f = keys_ef(platform);
  for (std::uint8_t n = 1; n <= f.record_count; ++n) {
    const Bytes r = read_record(platform, n);
    if (!is_isd_r(r)) continue;
    const std::uint8_t kic_len = r[OtaKeyRecord::kKicLength], kid_len = r[OtaKeyRecord::kKidLength];
    if (kic_len > OtaKeyRecord::kMaxKey || kid_len > OtaKeyRecord::kMaxKey) continue;
    IsdRKeySet k;
    k.record = n;
    k.counter_record = r[OtaKeyRecord::kCounter];
    k.version = static_cast<std::uint8_t>(r[OtaKeyRecord::kKic] >> 4);
    k.keys.kic = r[OtaKeyRecord::kKic];
    k.keys.kid = r[OtaKeyRecord::kKid];
    k.keys.kic_key.assign(r.begin() + OtaKeyRecord::kKeys, r.begin() + OtaKeyRecord::kKeys + kic_len);
    k.keys.kid_key.assign(r.begin() + OtaKeyRecord::kKeys + kic_len, r.begin() + OtaKeyRecord::kKeys + kic_len + kid_len);
    out.push_back(std::move(k));
  }
  return out;
}

// A free record (or, when the scenario parameters ask to delete the
// existing keys, the first of them) takes K-ENC as the KIc key (AES-CBC)
// and K-MAC as the KID key (AES-CMAC) under the CRT's key version, with its
// counter record of the same number set to zero.
StatusWord Euicc::add_isd_r_key_set(const ecasd::CardKeyEstablishmentResult& r) {
  const std::uint8_t version = r.key_version;
  if (version == 0 || version > 0x0F) return sw::kIncorrectData;  // TS 102 225 §5.1.2: 4 bits
  const FileNode& f = keys_ef(platform_);
  const std::vector<IsdRKeySet> existing = isd_r_key_sets(platform_);
  if (!r.delete_existing_keys &&
      std::any_of(existing.begin(), existing.end(), [&](const IsdRKeySet& k) { return k.version == version; })) {
    return sw::kConditionsNotSatisfied;
  }
  std::uint8_t target = 0;
  for (std::uint8_t n = 1; n <= f.record_count && target == 0; ++n) {
    if (is_free(read_record(platform_, n))) target = n;
  }
  if (target == 0 && r.delete_existing_keys && !existing.empty()) target = existing.front().record;
  if (target == 0) return sw::kNotEnoughMemory;
  const FileNode& counters = platform_.profile().files[platform_.profile().ota->counters];
  if (target > counters.record_count) return sw::kNotEnoughMemory;
  Bytes rec(f.record_length, 0xFF);
  std::copy(std::begin(kIsdRTar), std::end(kIsdRTar), rec.begin());
  rec[OtaKeyRecord::kMsl] = kIsdRMsl;
  rec[OtaKeyRecord::kCounter] = target;
  rec[OtaKeyRecord::kKic] = ota::make_kic(ota::CipherAlgorithm::AesCbc, version);
  rec[OtaKeyRecord::kKicLength] = static_cast<std::uint8_t>(r.keys.enc.size());
  rec[OtaKeyRecord::kKid] = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, version);
  rec[OtaKeyRecord::kKidLength] = static_cast<std::uint8_t>(r.keys.mac.size());
  std::copy(r.keys.enc.begin(), r.keys.enc.end(), rec.begin() + OtaKeyRecord::kKeys);
  std::copy(r.keys.mac.begin(), r.keys.mac.end(), rec.begin() + OtaKeyRecord::kKeys + r.keys.enc.size());
  platform_.nvm().begin();
  if (r.delete_existing_keys) {
    for (const IsdRKeySet& k : existing) stage_record(platform_, k.record, Bytes(f.record_length, 0xFF));
  }
  stage_record(platform_, target, rec);
  const Bytes zero(OtaSpec::kCounterBytes, 0x00);
  platform_.nvm().write(counters.body_addr + (target - 1u) * counters.record_length, zero);
  return gp::commit_registry(platform_);
}

// FinaliseISDRhandover: the SCP80 key sets and the SCP81 PSKs of that key
// version (and of that key identifier, for a PSK, when 'D0' names one) go
// in one transaction; the ISD-R keeps at least one of each kind it has
// ('6985').
StatusWord Euicc::delete_isd_r_keys(ByteView data, Bytes& out) {
  std::optional<std::uint8_t> version, id;
  tlv::BerReader reader(data);
  tlv::BerTlv t;
  while (reader.next(t)) {
    if (t.value.size() != 1) return sw::kIncorrectData;
    if (t.tag == kKeyVersionTag) version = t.value[0];
    else if (t.tag == kKeyIdentifierTag) id = t.value[0];
    else return sw::kIncorrectData;
  }
  // A key identifier alone names no key here.
  if (reader.error() != tlv::Error::None || !version) return sw::kIncorrectData;
  const std::vector<IsdRKeySet> sets = isd_r_key_sets(platform_);
  std::vector<std::uint8_t> set_records;
  for (const IsdRKeySet& k : sets) {
    if (k.version == *version) set_records.push_back(k.record);
  }
  const std::vector<Scp81Psk> psks = read_scp81_psks(platform_);
  std::vector<std::uint8_t> psk_records;
  for (const Scp81Psk& k : psks) {
    if (k.key_version == *version && (!id || k.key_id == *id)) psk_records.push_back(k.record);
  }
  if (set_records.empty() && psk_records.empty()) return sw::kReferencedDataNotFound;
  if (!set_records.empty() && set_records.size() == sets.size()) return sw::kConditionsNotSatisfied;
  if (!psk_records.empty() && psk_records.size() == psks.size()) return sw::kConditionsNotSatisfied;
  platform_.nvm().begin();
  for (std::uint8_t n : set_records) stage_record(platform_, n, Bytes(keys_ef(platform_).record_length, 0xFF));
  for (std::uint8_t n : psk_records) stage_free_scp81_psk(platform_, n);
  const StatusWord s = gp::commit_registry(platform_);
  if (s == sw::kOk) out.push_back(0x00);  // GP §11.2.3.1
  return s;
}

}  // namespace cardcore::euicc
