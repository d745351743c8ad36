// The ISD-P's own commands (GSMA SGP.02 §4.1.2 ES8 and §4.1.3 ES6 functions
// that reach the ISD-P): the scripts of secured packets for an ISD-P's TAR
// and the STORE DATA the ISD-R forwards after INSTALL [for personalization],
// secured with the ISD-R's SCP80 keys (SGP.02 §2.4.3: an ISD-P has no SCP80
// key set of its own), and inside them the ISD-P's SCP03 session (SGP.02
// §2.5: ES8 is protected with SCP03 end to end). Taken here: the session and
// UpdatePolicyRules (POL1), as STORE DATA DGI '3A09' { '81' '01' POL1 }
// (coding ours); the key establishment (ES8.EstablishISDPKeySet,
// key_establishment.cpp) and the profile download
// (ES8.DownloadAndInstallation, download.cpp).
#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/card/t0_transport.hpp"
#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/remote/script_runner.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

constexpr std::uint16_t kPol1Tag = 0x81;

}  // namespace

Bytes Euicc::security_domain_script(Uicc& card, const gp::RegistryEntry& instance, ByteView script) {
  const Bytes aid = instance.aid;
  if (is_scp03t_script(script)) return scp03t_script(card, aid, script);  // SGP.02 §4.1.3.3
  Bytes pending;
  StatusWord pending_sw = sw::kOk;
  const auto run = [&](ByteView capdu, Uicc::RemoteTransport transport, Bytes& data) -> StatusWord {
    data.clear();
    StatusWord err = sw::kOk;
    const auto c = parse_command_apdu(capdu, err);
    if (!c) return err;
    if (c->ins == kInsGetResponse && c->cla == 0x00) return t0_get_response(*c, pending, pending_sw, data);
    pending.clear();
    Bytes out;
    const StatusWord result = isdp_command(card, aid, *c, out);
    if (card.nvm().in_transaction()) card.nvm().abort();
    return remote_answer(*c, result, out, transport == Uicc::RemoteTransport::T0, pending, pending_sw, data);
  };
  return remote::run_unchained_script(script, run, remote::CompactInstructions::SecurityDomain);
}

// GP §11.5.2.3.6: the ISD-R forwards STORE DATA after INSTALL [for
// personalization] of an ISD-P; the ISD-P takes it as from its own TAR (the
// key establishment in the clear before it has keys, SCP03 after).
StatusWord Euicc::security_domain_store_data(Uicc& card, const gp::RegistryEntry& instance, const CommandApdu& c,
                                             Bytes& out) {
  if (&card != &platform_) return sw::kConditionsNotSatisfied;
  return isdp_command(card, instance.aid, c, out);
}

// GP Amendment D §7: INITIALIZE UPDATE ('80 50') and EXTERNAL AUTHENTICATE
// ('84 82') open the ISD-P's SCP03 session (one at a time on the eUICC,
// until power-off); an ISD-P with a key set takes its other commands only
// through it ('84', '6982' otherwise).
StatusWord Euicc::isdp_command(Uicc& card, ByteView aid, const CommandApdu& c, Bytes& out) {
  if ((c.cla & 0xF0) != 0x80) return sw::kClaNotSupported;
  if ((c.cla & 0x03) != 0) return sw::kLogicalChannelNotSupported;
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* slot = gp::find_aid(used, aid);
  if (!slot) return sw::kReferencedDataNotFound;
  const std::uint8_t record = slot->record;
  const std::optional<gp::scp03::StaticKeys> keys = read_isdp_keys(card, record);
  const bool secured = (c.cla & 0x04) != 0;
  if (!secured && c.ins == kInsInitializeUpdate) {
    if (!keys) return sw::kReferencedDataNotFound;
    const std::uint32_t sequence = read_isdp_sequence(card, record) + 1;
    if (sequence > 0xFFFFFF) return sw::kConditionsNotSatisfied;  // §6.2.2.1: the counter is spent
    card.nvm().begin();
    stage_isdp_sequence(card, record, sequence);
    if (const StatusWord s = gp::commit_registry(card); s != sw::kOk) return s;
    isdp_session_.emplace(IsdpSession{record, {}});
    return isdp_session_->scp03.initialize_update(*keys, sequence, aid, c, out);
  }
  if (!secured) {
    // Without a key set, only the key establishment (SGP.02 §3.1.2:
    // STORE DATA '3A01' then '3A02', in the clear inside SCP80), and only
    // while the ISD-P is SELECTABLE; with one, nothing outside SCP03.
    if (keys || c.ins != kInsStoreData) return sw::kSecurityStatusNotSatisfied;
    if (slot->entry.life_cycle != isdp_state::kSelectable) return sw::kConditionsNotSatisfied;
    if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
    if ((c.p1 & 0x18) != 0x08 || c.p2 != 0x00) return sw::kIncorrectP1P2;
    const std::optional<ecasd::Dgi> d = ecasd::read_dgi(c.data);
    if (!d) return sw::kIncorrectData;
    return establish_keys(record, d->id, c.data, out);
  }
  if (!isdp_session_ || isdp_session_->record != record) return sw::kSecurityStatusNotSatisfied;
  gp::scp03::CardSession& session = isdp_session_->scp03;
  if (c.ins == kInsExternalAuthenticate) return session.external_authenticate(c);
  StatusWord err = sw::kOk;
  const std::optional<Bytes> plain = session.unwrap(c, err);
  if (!plain) return err;
  const auto p = parse_command_apdu(*plain, err);
  if (!p) return err;
  Bytes response;
  StatusWord result = sw::kInsNotSupported;
  if (p->ins == kInsStoreData) result = isdp_store_data(card, aid, *p, response);
  if (card.nvm().in_transaction()) card.nvm().abort();
  out = session.protect_response(response, result);
  return result;
}

StatusWord Euicc::isdp_store_data(Uicc& card, ByteView isdp_aid, const CommandApdu& c, Bytes&) {
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  // GP §11.11.2.1: P1 b5-b4 '00' (no structure given): a block of the
  // profile package (download.cpp); '01' DGI: UpdatePolicyRules.
  if ((c.p1 & 0x18) == 0x00) return download_block(card, isdp_aid, c);
  if ((c.p1 & 0x80) == 0 || (c.p1 & 0x18) != 0x08 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  const std::optional<ecasd::Dgi> d = ecasd::read_dgi(c.data);
  if (!d || d->size != c.data.size()) return sw::kIncorrectData;
  if (d->id != dgi::kUpdatePolicyRules) return sw::kReferencedDataNotFound;
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(d->value);
  if (!t.ok() || t.value.tag != kPol1Tag || t.value.value.size() != 1) return sw::kIncorrectData;
  const std::uint8_t pol1 = t.value.value[0];
  if ((pol1 & ~(pol1::kDisableNotAllowed | pol1::kDeleteNotAllowed | pol1::kDeleteWhenDisabled)) != 0) {
    return sw::kIncorrectData;
  }
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* s = gp::find_aid(used, isdp_aid);
  if (!s) return sw::kReferencedDataNotFound;
  IsdpAttributes a = read_attributes(card, s->record);
  // POL1 belongs to a profile (SGP.02 "Policy Rules"): an ISD-P without one has none.
  if (!a.installed) return sw::kConditionsNotSatisfied;
  a.pol1 = pol1;
  card.nvm().begin();
  stage_attributes(card, s->record, a);
  return gp::commit_registry(card);
}

}  // namespace cardcore::euicc
