// The eUICC's notification to its SM-SR (GSMA SGP.02 §4.1.1.11): after a
// profile change took effect, the ISD-R sends 'E1' { '4C' EID, '4D'
// notification type, '4E' sequence number, '2F' ISD-P AID } as a secured
// packet (SCP80, TS 102 225) under the ISD-R's key set, in SMS-SUBMITs
// (TS 31.115 §4, TP-PID '7F', IEI '70') to the address the SM-SR gave with
// UpdateConnectivityParameters. It is sent again (a new packet, a new
// counter) at each power-up's first "normal service" until the SM-SR
// confirms its sequence number (§4.1.1.12, isd_r.cpp).
#include <algorithm>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

// The counter record (EF.OTA_CNTR) of the packets the eUICC sends (ours: the
// platform profile's record 3; records 1 and 2 are its key sets' receiving
// counters).
constexpr std::uint8_t kSendCounterRecord = 3;

}  // namespace

Bytes notification_data(ByteView eid, std::uint8_t type, std::uint16_t sequence, ByteView isdp_aid) {
  Bytes inner;
  tlv::put_ber(inner, 0x4C, eid);
  tlv::put_ber(inner, 0x4D, Bytes{type});
  tlv::put_ber(inner, 0x4E, Bytes{static_cast<std::uint8_t>(sequence >> 8), static_cast<std::uint8_t>(sequence)});
  tlv::put_ber(inner, 0x2F, isdp_aid);
  return tlv::make_ber(0xE1, inner);
}

void Euicc::send_pending_notification() {
  if (!session_ || notification_sent_) return;
  const std::optional<PendingNotification> pending = read_pending_notification(platform_);
  if (!pending) return;
  const std::optional<SmsrAddressing> to = smsr_destination(read_smsr_parameters(platform_));
  if (!to) return;  // no address yet: it stays pending
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  const gp::Slot* isdp = gp::find_record(used, pending->record);
  const Bytes aid = isdp ? isdp->entry.aid : Bytes{};

  // The ISD-R's key set of the SM-SR in charge: the newest (highest key
  // version) while an SM-SR change has left two.
  const std::vector<IsdRKeySet> sets = isd_r_key_sets(platform_);
  if (sets.empty()) return;
  const IsdRKeySet& newest =
      *std::max_element(sets.begin(), sets.end(), [](const IsdRKeySet& a, const IsdRKeySet& b) { return a.version < b.version; });
  const ota::OtaKeys& k = newest.keys;
  const ota::Tar tar = {0x00, 0x00, 0x01};

  const ota::Counter counter = remote::read_counter(platform_, kSendCounterRecord) + 1;
  if (counter > ota::kCounterMax || !remote::store_counter(platform_, kSendCounterRecord, counter)) return;
  ota::CommandSecurity security;
  security.spi.integrity = ota::Integrity::CryptographicChecksum;
  security.spi.ciphering = true;
  security.spi.counter = ota::CounterPolicy::Higher;
  const Bytes data = notification_data(read_eid(platform_), pending->type, pending->sequence, aid);
  const Bytes packet = ota::encode_command_packet(security, k, tar, counter, data);
  const auto submits = sms::submits_with_packet(sms::kIeiCommandPacket, to->destination, 0, packet,
                                                static_cast<std::uint16_t>(counter & 0xFF));
  if (session_->proactive_queued() + submits.size() > Uicc::kMaxQueuedProactive) return;
  for (const sms::SmsSubmit& s : submits) {
    cat::SendShortMessage m;
    m.alpha = cat::AlphaIdentifier{};
    m.address = to->smsc;
    m.tpdu.tpdu = sms::encode(s);
    session_->queue_proactive(cat::ProactiveCommand{m});
  }
  notification_sent_ = true;
}

}  // namespace cardcore::euicc
