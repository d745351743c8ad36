#include "twinmodels/certification/lab.hpp"

#include <algorithm>
#include <cstdio>

#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "twinmodels/modem/euicc_port.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;

namespace {

const cardcore::sms::Timestamp kLabScts{26, 12, 5, 10, 0, 0, 32};

// TS 102 225 §5.2, status '0B': a PoR too long for the SMS-DELIVER-REPORT comes in
// SMS-SUBMITs the card sends (SEND SHORT MESSAGE, TS 102 223 §6.4.10),
// announced by '91 XX': the terminal fetches each, passes it on and
// confirms it with a TERMINAL RESPONSE.
std::optional<ota::PorResult> por_by_sms_submit(Lab& lab, ota::OtaSmsLink& link, std::string& why) {
  while (const std::optional<Bytes> command = lab.fetch_until(cardcore::cat::command::kSendShortMessage)) {
    const std::optional<ota::PorResult> por = link.read_por_from_send_short_message(*command);
    lab.confirm(*command);
    if (por) return por;
  }
  why = "the PoR the card announced for SMS-SUBMIT did not come";
  return std::nullopt;
}

}  // namespace

void Lab::insert_card(std::shared_ptr<const cardcore::ProfileTemplate> p) {
  card = &own_card.emplace(std::move(p));
  profile = &card->profile();
  port = std::make_unique<modem::UiccPort>(*card);
  terminal.emplace(*port, timing, nullptr);
}

void Lab::insert_euicc() {
  port = std::make_unique<modem::EuiccPort>(*euicc->chip);
  terminal.emplace(*port, timing, nullptr);
  power_cycle();
  follow_enabled_profile();
}

bool Lab::follow_enabled_profile() {
  card = euicc->chip->enabled_card();
  profile = card ? &card->profile() : nullptr;
  return card != nullptr;
}

void Lab::remove_card() {
  terminal.reset();
  port.reset();
  card = nullptr;
  profile = nullptr;
  own_card.reset();
}

Bytes Lab::power_cycle() {
  port->power_off();
  const cardcore::ByteView atr = port->power_on();
  Bytes out(atr.begin(), atr.end());
  if (euicc) {
    send(modem::apdu(0x80, 0x10, 0x00, 0x00, iot_terminal_profile()));
    fetch_until(0);  // its SET UP EVENT LIST confirmed: no command type 0
  }
  return out;
}

std::optional<Bytes> Lab::fetch_until(std::uint8_t type) {
  for (int i = 0; i < 32 && (terminal->sw() >> 8) == 0x91; ++i) {
    const CardAnswer command = send(Bytes{0x80, 0x12, 0x00, 0x00, static_cast<std::uint8_t>(terminal->sw() & 0xFF)});
    const cardcore::cat::Decoded<cardcore::cat::CommandDetails> details = cardcore::cat::check_proactive_command(command.data);
    if (!details.ok()) return std::nullopt;
    if (details.value.type == type) return command.data;
    confirm(command.data);
  }
  return std::nullopt;
}

void Lab::confirm(cardcore::ByteView command) {
  cardcore::cat::TerminalResponse done;
  done.details = cardcore::cat::check_proactive_command(command).value;
  send(modem::apdu(0x80, 0x14, 0x00, 0x00, cardcore::cat::encode(done)));
}

Bytes iot_terminal_profile() {
  using F = cardcore::cat::Facility;
  return cardcore::cat::TerminalProfile::with(
             {F::kProfileDownload, F::kSmsPpDataDownload, F::kCommandResult, F::kRefresh, F::kSendShortMessage})
      .bytes();
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
  power_cycle();
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
  return key_set_config(*lab.profile, *lab.card, tar, isd_fallback, lab.counters);
}

std::optional<LabOtaConfig> key_set_config(const cardcore::ProfileTemplate& profile, const cardcore::Uicc& card,
                                           const cardcore::ota::Tar& tar, bool isd_fallback,
                                           const std::map<std::uint8_t, cardcore::ota::Counter>& counters) {
  const std::vector<cardcore::remote::KeySetRecord> records = cardcore::remote::factory_key_set_records(profile);
  auto first_of = [&records](const cardcore::ota::Tar& t) {
    return std::find_if(records.begin(), records.end(), [&t](const auto& r) { return r.tar == t; });
  };
  auto found = first_of(tar);
  if (found == records.end() && isd_fallback && profile.gp) found = first_of(profile.gp->isd_tar);
  if (found == records.end() || found->kid_length == 0) return std::nullopt;
  // The key values as the card holds them (the vendor's key file).
  Bytes keys(found->kic_length + found->kid_length);
  card.nvm().read(cardcore::remote::key_set_keys_address(profile, found->record), keys);
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
  const auto last = counters.find(found->counter_record);
  c.counter = last == counters.end() ? 0 : last->second;
  return LabOtaConfig{c, found->counter_record};
}

CardAnswer deliver_sms_pp(Lab& lab, const std::vector<Bytes>& tpdus) {
  CardAnswer a;
  for (const Bytes& t : tpdus) a = lab.send(ota::envelope_sms_pp_download(t));
  return a;
}

std::optional<ota::PorResult> round_trip(Lab& lab, ota::OtaSmsLink& link, const Bytes& secured, std::string& why,
                                         std::optional<ota::ScriptFormat> format) {
  try {
    const CardAnswer a = deliver_sms_pp(lab, link.build(secured, kLabScts, format));
    if (a.data.empty()) {
      why = "no PoR: the ENVELOPE answered " + sw_text(a.sw);
      return std::nullopt;
    }
    const ota::PorResult por = link.read_por_from_user_data(a.data);
    if (por.status == cardcore::ota::PorStatus::ResponseBySmsSubmit) return por_by_sms_submit(lab, link, why);
    return por;
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

}  // namespace twinmodels::certification
