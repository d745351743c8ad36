// Personalization: the per-card values written at the card factory.
#include <stdexcept>
#include <string>

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore {

void Uicc::personalize(const Personalization& p) {
  if (p.k.size() != 16 || p.opc.size() != 16) throw std::invalid_argument("personalize: K and OPc must be 16 bytes");
  const Bytes iccid = encode_iccid(p.iccid, true);
  const Bytes imsi = encode_imsi(p.imsi);
  const ProfileTemplate& prof = *profile_;

  const auto usim = prof.find_adf(kUsimAidPrefix);
  std::vector<std::uint32_t> imsi_files;
  if (usim) {
    const std::uint32_t f = find_child(*usim, 0x6F07);  // TS 31.102 §4.2.2 EF.IMSI
    if (f != kNoFile) imsi_files.push_back(f);
  }
  if (auto gsm = prof.find_path({0x3F00, 0x7F20, 0x6F07})) imsi_files.push_back(*gsm);  // TS 51.011 §10.3.2
  const auto iccid_file = prof.find_path({0x3F00, 0x2FE2});  // TS 102 221 §13.2
  if (!iccid_file || imsi_files.empty()) throw std::invalid_argument("personalize: profile has no EF.ICCID or EF.IMSI");

  for (std::uint32_t f : imsi_files) {
    if (node(f).size < imsi.size()) throw std::invalid_argument("personalize: EF.IMSI is too small");
  }
  // TS 102 225 §5.1.2, §5.1.3: a key set's keys have the lengths its record
  // (KIc/KID algorithm) was made for.
  const std::vector<remote::KeySetRecord> records = remote::factory_key_set_records(prof);
  if (!p.ota_keys.empty()) {
    if (p.ota_keys.size() != records.size()) {
      throw std::invalid_argument("personalize: " + std::to_string(p.ota_keys.size()) + " OTA key sets for the " +
                                  std::to_string(records.size()) + " key set records of the profile");
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (p.ota_keys[i].kic_key.size() != records[i].kic_length ||
          p.ota_keys[i].kid_key.size() != records[i].kid_length) {
        throw std::invalid_argument("personalize: OTA keys for key set record " +
                                    std::to_string(records[i].record) + " must be " +
                                    std::to_string(records[i].kic_length) + " + " +
                                    std::to_string(records[i].kid_length) + " bytes");
      }
    }
  }

  nvm_.begin();
  try {
    nvm_.write(node(*iccid_file).body_addr, iccid);
    std::uint32_t last_body = kNoFile;
    for (std::uint32_t f : imsi_files) {
      if (node(f).body_addr == last_body) continue;  // linked files share one body
      nvm_.write(node(f).body_addr, imsi);
      last_body = node(f).body_addr;
    }
    // TS 22.011 §4.2 / TS 31.102 §4.2.15: the access class 0..9 is allotted
    // at random; operators commonly take the IMSI's last digit, as here.
    if (usim) {
      const std::uint32_t acc = find_child(*usim, 0x6F78);
      if (acc != kNoFile && node(acc).size >= 2) {
        const unsigned cls = static_cast<unsigned>(p.imsi.back() - '0');
        const std::uint16_t bits = static_cast<std::uint16_t>(1u << cls);
        const std::uint8_t v[2] = {static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits)};
        nvm_.write(node(acc).body_addr, ByteView(v, 2));
      }
    }
    nvm_.write(prof.auth.key_addr, p.k);
    nvm_.write(prof.auth.key_addr + 16, p.opc);
    // The keys of each record, KIc key then KID key (OtaKeyRecord); the rest
    // of the record stays the factory's.
    for (std::size_t i = 0; i < p.ota_keys.size(); ++i) {
      Bytes keys = p.ota_keys[i].kic_key;
      keys.insert(keys.end(), p.ota_keys[i].kid_key.begin(), p.ota_keys[i].kid_key.end());
      if (!keys.empty()) nvm_.write(remote::key_set_keys_address(prof, records[i].record), keys);
    }
  } catch (const std::length_error&) {
    // More than one transaction's journal holds (nvm/README.md).
    nvm_.abort();
    throw std::invalid_argument("personalize: the values do not fit one NVM transaction");
  }
  if (nvm_.commit() != CommitResult::Ok) throw std::runtime_error("personalize: NVM write failed");
}

}  // namespace cardcore
