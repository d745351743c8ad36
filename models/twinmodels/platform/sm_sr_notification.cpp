// The eUICC's notifications at the SM-SR (GSMA SGP.02 §4.1.1.11-12): MO
// SMS from a profile's number, reassembled, opened with the ISD-R's keys
// (replays dropped), the EIS updated and the confirmation queued.
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
using Kind = FunctionCall::Kind;

// SGP.02 §4.1.1.11: 'E1' { '4C' EID, '4D' type, '4E' sequence, '2F' ISD-P AID }.
std::optional<EuiccNotification> read_notification(ByteView data) {
  const cardcore::tlv::Result<cardcore::tlv::BerTlv> e1 = cardcore::tlv::parse_ber(data);
  if (!e1.ok() || e1.value.tag != 0xE1) return std::nullopt;
  EuiccNotification n;
  bool type = false, sequence = false;
  cardcore::tlv::BerReader in(e1.value.value);
  cardcore::tlv::BerTlv t;
  Bytes eid;
  while (in.next(t)) {
    if (t.tag == 0x4C) eid.assign(t.value.begin(), t.value.end());
    if (t.tag == 0x4D && t.value.size() == 1) type = true, n.type = t.value[0];
    if (t.tag == 0x4E && t.value.size() == 2) sequence = true, n.sequence = static_cast<std::uint16_t>(t.value[0] << 8 | t.value[1]);
    if (t.tag == 0x2F) n.isdp_aid.assign(t.value.begin(), t.value.end());
  }
  if (in.error() != cardcore::tlv::Error::None || eid.size() != 16 || !type || !sequence) return std::nullopt;
  static const char* d = "0123456789";
  for (std::uint8_t b : eid) {
    if ((b >> 4) > 9 || (b & 0x0F) > 9) return std::nullopt;
    n.eid.push_back(d[b >> 4]);
    n.eid.push_back(d[b & 0x0F]);
  }
  return n;
}

}  // namespace

std::optional<EuiccNotification> SmSr::on_mo_sms(const std::string& from, ByteView submit_tpdu, std::uint64_t now_ms) {
  Managed* m = by_msisdn(from);
  if (!m) return std::nullopt;
  const cardcore::sms::SmsSubmit s = cardcore::sms::decode_submit(submit_tpdu);
  const cardcore::sms::Address origin{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, from};
  const auto part = reassembler_.add(origin, s.ud, now_ms);
  if (!part.message) return std::nullopt;
  const std::optional<Bytes> packet = cardcore::sms::command_packet_of(*part.message);
  if (!packet) return std::nullopt;
  const cardcore::ota::OtaKeys& keys = m->isd_r.keys;
  const cardcore::ota::CommandPacketResult opened =
      cardcore::ota::open_command_packet(*packet, [&](const cardcore::ota::CommandHeader& h) {
        if (h.tar != m->isd_r.tar) return std::optional<cardcore::ota::TarSecurity>();
        cardcore::ota::TarSecurity t;
        t.keys = &keys;
        t.counter = m->notification_counter;
        return std::optional<cardcore::ota::TarSecurity>(t);
      });
  if (opened.status != cardcore::ota::PorStatus::Ok) return std::nullopt;
  std::optional<EuiccNotification> n = read_notification(opened.data);
  if (!n || n->eid != m->eis.eid) return std::nullopt;
  if (opened.counter_to_store) m->notification_counter = *opened.counter_to_store;
  // SGP.02 §3.2 / §3.7: the profile the eUICC now runs.
  namespace type = cardcore::euicc::notification;
  if (n->type == type::kProfileChangeSucceeded || n->type == type::kProfileChangeFailedAndRollback ||
      n->type == type::kProfileChangeAfterFallback || n->type == type::kEmergencyProfileEnabled ||
      n->type == type::kEmergencyProfileDisabled) {
    const std::optional<EisProfile> before = enabled_before(m->eis);
    const std::string was = m->eis.enabled() ? m->eis.enabled()->iccid : std::string();
    m->eis.set_enabled(n->isdp_aid);
    notify_switch(m->eis, before);  // none when the EIS had it already (the PoR came)
    if (!was.empty()) disabled(*m, was);  // POL2's Auto-Delete (none if still enabled)
  }
  if (const EisProfile* p = m->eis.by_isdp(n->isdp_aid)) n->iccid = p->iccid;
  // §4.1.1.12: the confirmation, as the SM-SR's own function.
  Operation confirm;
  confirm.call.kind = Kind::NotificationConfirmation;
  confirm.call.interface = "ES5";
  confirm.call.eid = m->eis.eid;
  confirm.internal = true;
  confirm.tar = m->isd_r.tar;
  confirm.script = ota::encode_expanded_script(std::vector<Bytes>{es5::notification_confirmation(n->sequence)});
  m->queue.push_back(std::move(confirm));
  // POL2's Auto-Delete: the profiles disabled by the change, after its
  // confirmation (sm_sr_auto_delete.cpp).
  queue_auto_deletes(*m);
  return n;
}

}  // namespace twinmodels::platform
