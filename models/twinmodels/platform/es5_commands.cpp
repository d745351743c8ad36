#include "twinmodels/platform/es5_commands.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/ram_commands.hpp"

namespace twinmodels::platform::es5 {

namespace {

namespace dgi = cardcore::euicc::dgi;
constexpr std::uint8_t kCla = 0x80, kStoreData = 0xE2, kGetData = 0xCA, kInstall = 0xE6;
constexpr std::uint8_t kLastBlockDgi = 0x88, kLastBlockDgiWithResponse = 0x89;

Bytes apdu(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data) {
  if (data.size() > 255) throw std::invalid_argument("es5: command data over 255 bytes");
  Bytes c{kCla, ins, p1, p2, static_cast<std::uint8_t>(data.size())};
  c.insert(c.end(), data.begin(), data.end());
  return c;
}

Bytes store_dgi(std::uint16_t id, ByteView value, std::uint8_t p1 = kLastBlockDgi) {
  Bytes d;
  cardcore::ecasd::put_dgi(d, id, value);
  return apdu(kStoreData, p1, 0x00, d);
}

Bytes aid_tlv(ByteView aid) { return cardcore::tlv::make_ber(0x4F, aid); }

void put_lv(Bytes& out, ByteView v) {
  out.push_back(static_cast<std::uint8_t>(v.size()));
  out.insert(out.end(), v.begin(), v.end());
}

std::uint32_t be(ByteView v) {
  std::uint32_t n = 0;
  for (std::uint8_t b : v) n = n << 8 | b;
  return n;
}

}  // namespace

Bytes enable_profile(ByteView isdp_aid) { return store_dgi(dgi::kEnableProfile, aid_tlv(isdp_aid)); }
Bytes disable_profile(ByteView isdp_aid) { return store_dgi(dgi::kDisableProfile, aid_tlv(isdp_aid)); }
Bytes set_fallback_attribute(ByteView isdp_aid) { return store_dgi(dgi::kSetFallbackAttribute, aid_tlv(isdp_aid)); }
Bytes set_emergency_profile_attribute(ByteView isdp_aid) {
  return store_dgi(dgi::kSetEmergencyProfileAttribute, aid_tlv(isdp_aid));
}
Bytes update_connectivity_parameters(const cardcore::euicc::SmsrAddressing& a) {
  return store_dgi(dgi::kUpdateConnectivityParameters, cardcore::euicc::encode_smsr_addressing(a));
}

Bytes notification_confirmation(std::uint16_t sequence) {
  const std::uint8_t s[2] = {static_cast<std::uint8_t>(sequence >> 8), static_cast<std::uint8_t>(sequence)};
  Bytes c = store_dgi(dgi::kNotificationConfirmation, cardcore::tlv::make_ber(0x4E, s), kLastBlockDgiWithResponse);
  c.push_back(0x00);  // Le
  return c;
}

Bytes delete_profile(ByteView isdp_aid) { return ota::delete_object(isdp_aid); }

Bytes delete_key_set(std::uint8_t key_version) {
  return apdu(0xE4, 0x00, 0x00, cardcore::tlv::make_ber(0xD2, Bytes{key_version}));
}

Bytes create_isdp(ByteView isdp_aid, std::optional<std::uint32_t> nonvolatile_quota) {
  // SGP.02 Annex H: the ISD-P load file and module; privileges: security
  // domain, as the eUICC's CreateISDP takes them; 'C9' { '81 02 03 70' }
  // (SCP03 'i' = '70') as in the card-core tests.
  const Bytes elf(cardcore::euicc::kIsdPLoadFileAid.begin(), cardcore::euicc::kIsdPLoadFileAid.end());
  const Bytes module(cardcore::euicc::kIsdPModuleAid.begin(), cardcore::euicc::kIsdPModuleAid.end());
  Bytes params = cardcore::tlv::make_ber(0xC9, Bytes{0x81, 0x02, 0x03, 0x70});
  if (nonvolatile_quota) {
    const std::uint32_t q = *nonvolatile_quota;
    const Bytes c8 = cardcore::tlv::make_ber(
        0xC8, Bytes{static_cast<std::uint8_t>(q >> 24), static_cast<std::uint8_t>(q >> 16),
                    static_cast<std::uint8_t>(q >> 8), static_cast<std::uint8_t>(q)});
    const Bytes ef = cardcore::tlv::make_ber(0xEF, c8);
    params.insert(params.end(), ef.begin(), ef.end());
  }
  Bytes data;
  put_lv(data, elf);
  put_lv(data, module);
  put_lv(data, isdp_aid);
  put_lv(data, Bytes{0x80, 0xC0, 0x00});
  put_lv(data, params);
  put_lv(data, {});  // no token
  return apdu(kInstall, 0x0C, 0x00, data);
}

Bytes get_eid() { return {kCla, kGetData, 0x00, 0x5A, 0x00}; }
Bytes get_ecasd_certificate() { return {kCla, kGetData, 0x7F, 0x21, 0x00}; }
Bytes get_card_resources() { return {kCla, kGetData, 0xFF, 0x21, 0x00}; }
Bytes get_status_isdps() { return ota::get_status(0x40); }

std::vector<ota::StatusEntry> read_isdps(ByteView data) {
  std::vector<ota::StatusEntry> all = ota::decode_status_entries(data, false);
  const Bytes isd_r(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  std::erase_if(all, [&isd_r](const ota::StatusEntry& e) {
    return e.aid.size() != isd_r.size() || e.aid == isd_r || !std::equal(isd_r.begin(), isd_r.begin() + 13, e.aid.begin());
  });
  return all;
}

std::optional<CardResources> read_card_resources(ByteView data) {
  // 'FF21' read by hand: card-core's BER reader refuses a first tag byte
  // 'FF' (ISO/IEC 7816-4 §5.2.2.1 reserves it).
  if (data.size() < 3 || data[0] != 0xFF || data[1] != 0x21 || data[2] != data.size() - 3) return std::nullopt;
  CardResources r;
  bool seen[3] = {false, false, false};
  cardcore::tlv::BerReader in(data.subspan(3));
  cardcore::tlv::BerTlv t;
  while (in.next(t)) {
    if (t.tag < 0x81 || t.tag > 0x83 || t.value.empty() || t.value.size() > 4) return std::nullopt;
    const std::uint32_t v = be(t.value);
    seen[t.tag - 0x81] = true;
    if (t.tag == 0x81) r.installed_applications = v;
    if (t.tag == 0x82) r.free_nonvolatile = v;
    if (t.tag == 0x83) r.free_volatile = v;
  }
  if (in.error() != cardcore::tlv::Error::None || !seen[0] || !seen[1] || !seen[2]) return std::nullopt;
  return r;
}

}  // namespace twinmodels::platform::es5
