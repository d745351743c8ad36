#include "twinmodels/certification/lab.hpp"

#include <algorithm>
#include <cstdio>

#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;

void Lab::insert_card(std::shared_ptr<const cardcore::ProfileTemplate> p) {
  profile = std::move(p);
  card.emplace(profile);
  port.emplace(*card);
  terminal.emplace(*port, timing, nullptr);
}

CardAnswer Lab::send(cardcore::ByteView apdu) {
  const cardcore::ByteView r = terminal->exchange(apdu);
  return {cardcore::Bytes(r.begin(), r.end() - 2), terminal->sw()};
}

CardAnswer Lab::read_imsi_ef() {
  send(select_fid(0x6F07));
  return send(ota::read_binary(0, 9));
}

bool Lab::reset_to_usim() {
  card->power_off();
  card->power_on();
  if (usim_aid.empty() || !send(select_aid(usim_aid)).ok()) return false;
  // TS 102 221 §11.1.9: VERIFY PIN without data answers '63CX' while the
  // PIN is enabled and not verified; the laboratory then verifies PIN1 with
  // the value the vendor supplied (the profile's).
  const cardcore::PinSpec* pin1 = profile->find_pin(0x01);
  if (pin1 && (send(modem::apdu(0x00, 0x20, 0x00, 0x01, {})).sw >> 4) == 0x63C)
    return send(modem::apdu(0x00, 0x20, 0x00, 0x01, pin1->value)).ok();
  return true;
}

Bytes select_fid(std::uint16_t fid) { return ota::select_by_fid(fid, ota::RfmOptions{.fcp = true}); }

Bytes select_aid(cardcore::ByteView aid) { return modem::apdu(0x00, 0xA4, 0x04, 0x04, aid); }

std::string sw_text(std::uint16_t sw) {
  char s[5];
  std::snprintf(s, sizeof s, "%04X", sw);
  return s;
}

cardcore::Milenage auc_milenage(const Lab& lab) {
  return cardcore::Milenage(lab.k.data(), lab.opc.data(), lab.card->milenage_constants());
}

LabVector auc_vector(const Lab& lab, std::uint64_t seq) {
  LabVector v;
  const unsigned ind_bits = lab.profile->auth.sqn_ind_bits;
  const std::uint64_t ind_mask = (std::uint64_t{1} << ind_bits) - 1;
  v.sqn = (seq << ind_bits) | (seq & ind_mask);
  // A RAND of its own for each SEQ (TS 33.102 §6.3.2 asks for an
  // unpredictable one; the laboratory's need only differ).
  for (std::size_t i = 0; i < v.rand.size(); ++i) v.rand[i] = static_cast<std::uint8_t>(0xA5 ^ (i * 29) ^ (seq * 7919 >> (i % 4 * 8)));
  std::uint8_t sqn[cardcore::kSqnBytes];
  cardcore::store_sqn48(sqn, v.sqn);
  const std::uint8_t amf[2] = {0x80, 0x00};
  v.m = auc_milenage(lab).generate(v.rand.data(), sqn, amf);
  return v;
}

std::optional<LabOtaConfig> lab_ota_config(const Lab& lab, const cardcore::ota::Tar& tar, bool isd_fallback) {
  const std::vector<cardcore::remote::KeySetRecord> records = cardcore::remote::factory_key_set_records(*lab.profile);
  auto first_of = [&records](const cardcore::ota::Tar& t) {
    return std::find_if(records.begin(), records.end(), [&t](const auto& r) { return r.tar == t; });
  };
  auto found = first_of(tar);
  if (found == records.end() && isd_fallback && lab.profile->gp) found = first_of(lab.profile->gp->isd_tar);
  if (found == records.end() || found->kid_length == 0) return std::nullopt;
  // The key values as the card holds them (the vendor's key file).
  Bytes keys(found->kic_length + found->kid_length);
  lab.card->nvm().read(cardcore::remote::key_set_keys_address(*lab.profile, found->record), keys);
  ota::OtaCardConfig c;
  c.tar = tar;
  c.keys.kic = found->kic;
  c.keys.kic_key.assign(keys.begin(), keys.begin() + found->kic_length);
  c.keys.kid = found->kid;
  c.keys.kid_key.assign(keys.begin() + found->kic_length, keys.end());
  // TS 102 225 §5.1.1: SPI1 b1-b2 '10' CC, b3 ciphering, b4-b5 '10'
  // counter higher; SPI2 b1-b2 '01' PoR always, b3-b4 '10' PoR with CC,
  // b5 PoR ciphered, b6 '0' PoR in the SMS-DELIVER-REPORT.
  const bool cipher = found->kic_length > 0;
  c.security.spi = cardcore::ota::Spi::parse(cipher ? 0x16 : 0x12, cipher ? 0x19 : 0x09);
  c.originator = cardcore::sms::Address{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                        "8613800100999"};
  const auto last = lab.counters.find(found->counter_record);
  c.counter = last == lab.counters.end() ? 0 : last->second;
  return LabOtaConfig{c, found->counter_record};
}

CardAnswer deliver_sms_pp(Lab& lab, const std::vector<Bytes>& tpdus) {
  CardAnswer a;
  for (const Bytes& t : tpdus) a = lab.send(ota::envelope_sms_pp_download(t));
  return a;
}

}  // namespace twinmodels::certification
