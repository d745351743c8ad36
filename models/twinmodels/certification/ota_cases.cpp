// The end-to-end service test (source document §4.1.1), the platform
// half: remote management over SMS-PP (TS 102 225, TS 102 226, TS 31.115)
// and the domestic card's OTA number writing (§3.1.1, §3.2.2).
#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/util/constant_time.hpp"
#include "twinmodels/certification/cases.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/remote_response.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;

namespace {

// docs/WRITE-CARD.md: the write-card applet's instance on the domestic card.
constexpr cardcore::ota::Tar kWriteCardTar{0xC0, 0x00, 0x01};

// TS 101 220 Annex D: the TAR of RFM of the USIM (ADF.USIM), where the
// platform writes a number by remote file management.
constexpr cardcore::ota::Tar kUsimRfmTar{0xB0, 0x00, 0x11};

// EF.IMSI as the terminal reads it (empty if refused).
Bytes terminal_imsi(Lab& lab) {
  if (!lab.reset_to_usim()) return {};
  const CardAnswer a = lab.read_imsi_ef();
  return a.ok() ? a.data : Bytes{};
}

std::string por_text(const ota::PorResult& p) { return std::string(cardcore::ota::describe(p.status)); }

}  // namespace

void e2e_rfm_over_sms_pp(Lab& lab, CaseResult& r) {
  const std::optional<LabOtaConfig> config = lab_ota_config(lab, kUsimRfmTar, false);
  if (!config) return fail(r, "no key set with a KID key for the USIM's RFM, TAR " + cardcore::to_hex(kUsimRfmTar));
  const Bytes before = terminal_imsi(lab);
  if (before.size() != 9) return fail(r, "the terminal cannot read EF.IMSI");
  // A changed MSIN written over the air, then the old one back.
  Bytes changed = before;
  changed[8] = static_cast<std::uint8_t>(changed[8] ^ 0x10);
  ota::OtaSmsLink link(config->config);
  for (const Bytes& content : {changed, before}) {
    const std::vector<Bytes> script = {ota::select_by_fid(0x6F07), ota::update_binary(0, content)};
    std::string why;
    const auto por = round_trip(lab, link, ota::encode_compact_script(script), why);
    lab.counters[config->counter_record] = link.counter();
    if (!por) return fail(r, why);
    if (!por->ok() || !por->response) return fail(r, "PoR " + por_text(*por));
    const auto sw = ota::last_status_word(*por->response);
    if (ota::executed_commands(*por->response) != script.size() || sw != std::optional<std::uint16_t>(0x9000))
      return fail(r, "UPDATE BINARY EF.IMSI over RFM: " + std::to_string(ota::executed_commands(*por->response)) +
                         " commands, SW " + (sw ? sw_text(*sw) : std::string("none")));
    if (terminal_imsi(lab) != content) return fail(r, "the terminal does not read what RFM wrote to EF.IMSI");
  }
  pass(r, "TAR " + cardcore::to_hex(kUsimRfmTar) + ": EF.IMSI written and restored over SMS-PP, PoR OK, counter " +
              std::to_string(link.counter()));
}

void e2e_ota_counter_replay(Lab& lab, CaseResult& r) {
  const std::optional<LabOtaConfig> config = lab_ota_config(lab, kUsimRfmTar, false);
  if (!config) return fail(r, "no key set with a KID key for the USIM's RFM, TAR " + cardcore::to_hex(kUsimRfmTar));
  lab.power_cycle();
  ota::OtaSmsLink link(config->config);
  const Bytes script = ota::encode_compact_script(std::vector<Bytes>{ota::select_by_fid(0x6F07)});
  std::string why;
  // The next counter is taken once (counter higher, TS 102 225 §5.1.1)...
  const auto first = round_trip(lab, link, script, why);
  lab.counters[config->counter_record] = link.counter();
  if (!first) return fail(r, why);
  if (!first->ok()) return fail(r, "first packet: PoR " + por_text(*first));
  // ...and the same counter again is refused.
  link.set_counter(link.counter() - 1);
  const auto replay = round_trip(lab, link, script, why);
  if (!replay) return fail(r, "replayed packet: " + why);
  if (replay->status != cardcore::ota::PorStatus::CounterLow)
    return fail(r, "replayed counter " + std::to_string(link.counter()) + ": PoR " + por_text(*replay) + ", not CNTR low");
  pass(r, "counter " + std::to_string(first->counter) + " taken once, replay answered CNTR low");
}

void e2e_ota_number_write(Lab& lab, CaseResult& r) {
  namespace wc = cardcore::applet::write_card;
  if (!lab.domestic) return not_applicable(r, "an international card changes subscription by SM-SR, not by the write module");
  const std::optional<LabOtaConfig> config = lab_ota_config(lab, kWriteCardTar, true);
  if (!config)
    return fail(r, "no key set for the write-card applet (TAR " + cardcore::to_hex(kWriteCardTar) + ") or the ISD");
  UsimClient usim(*lab.card);
  const std::string old_imsi = usim.power_up();
  // A new number of the same PLMN, with its own keys.
  ota::NewSubscription s;
  s.imsi = old_imsi.substr(0, old_imsi.size() - 4) + (old_imsi.substr(old_imsi.size() - 4) == "4242" ? "2424" : "4242");
  s.k = cardcore::from_hex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  s.opc = cardcore::from_hex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
  ota::OtaSmsLink link(config->config);
  std::string why;
  const auto por = round_trip(lab, link, ota::encode_write(1, s), why, ota::ScriptFormat::Application);
  lab.counters[config->counter_record] = link.counter();
  if (!por) return fail(r, why);
  if (!por->ok()) return fail(r, "PoR " + por_text(*por));
  ota::WriteCardResponse w;
  try {
    w = ota::decode_write_card_response(por->additional_data);
  } catch (const std::exception& e) {
    return fail(r, std::string("the applet's answer: ") + e.what());
  }
  if (w.result != wc::Result::Done || w.imsi != s.imsi) return fail(r, "the applet did not write: its IMSI " + w.imsi);
  // The new subscription is the card's after the reset the REFRESH asks
  // for (TS 102 223 §6.4.7); then the network authenticates it.
  lab.card->power_off();
  if (const std::string now = usim.power_up(); now != s.imsi) return fail(r, "after a reset the card reads IMSI " + now);
  lab.k = s.k;
  lab.opc = s.opc;
  lab.seq = 0;
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused after the write");
  LabVector v = auc_vector(lab, ++lab.seq);
  const UsimClient::Authentication a = usim.authenticate(v.rand.data(), v.m.autn.data());
  if (a.result != UsimClient::AuthResult::Ok || !cardcore::equal_constant_time(a.res, v.m.res))
    return fail(r, "the new subscription does not authenticate (" + sw_text(a.sw) + ")");
  pass(r, "IMSI " + old_imsi + " -> " + s.imsi + " over SMS-PP, PoR OK; the new keys authenticate");
}

}  // namespace twinmodels::certification
