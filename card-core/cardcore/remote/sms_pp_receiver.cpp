#include "cardcore/remote/sms_pp_receiver.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/packet_segments.hpp"
#include "cardcore/remote/por_delivery.hpp"
#include "cardcore/remote/rfm.hpp"
#include "cardcore/remote/secured_packet.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::remote {

namespace {

Uicc& same_card(void*, Uicc& session, ByteView) { return session; }

// The packet's PoR, back the way its SPI says.
cat::EnvelopeResult answer(Uicc& card, const sms::SmsDeliver& d, ByteView address, ByteView packet,
                           PacketCard target, void* context) {
  const std::size_t room = Uicc::kMaxQueuedProactive - card.proactive_queued();
  const PacketOutcome out = receive_command_packet(target(context, card, packet), packet, room);
  switch (out.kind) {
    case PacketOutcome::Kind::Malformed: return cat::EnvelopeResult::error();
    case PacketOutcome::Kind::Busy: return cat::EnvelopeResult::busy();
    case PacketOutcome::Kind::Done: break;
  }
  if (!out.por_submit.empty()) {
    std::optional<cat::Address> smsc;
    if (address.size() > 1) smsc = cat::Address{address[0], Bytes(address.begin() + 1, address.end())};
    // A reference for concatenated SMS-SUBMITs: the last byte of the
    // command's CNTR field (ciphered or not), which changes per packet.
    const std::uint16_t reference = packet.size() > 14 ? packet[14] : 0;
    queue_submits(card, d.oa, smsc, out.por_submit, reference);
  }
  if (!out.por_report.empty()) return cat::EnvelopeResult::ok(report_user_data(out.por_report));
  return cat::EnvelopeResult::ok();
}

}  // namespace

SmsPpReceiver& SmsPpReceiver::instance() {
  static SmsPpReceiver receiver;
  return receiver;
}

cat::EnvelopeResult SmsPpReceiver::on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) {
  return receive_sms_pp(card, address, tpdu, same_card, nullptr);
}

cat::EnvelopeResult receive_sms_pp(Uicc& card, ByteView address, ByteView tpdu, PacketCard target, void* context) {
  sms::SmsDeliver d;
  std::optional<sms::Concatenation> concatenation;
  try {
    d = sms::decode_deliver(tpdu, kDeliverOptions);
    if (d.ud.header) concatenation = sms::concatenation_of(*d.ud.header);
  } catch (const sms::SmsError&) {
    return cat::EnvelopeResult::error();
  }
  if (!sms::is_sim_data_download(d)) return cat::EnvelopeResult::unsupported();
  if (!concatenation) {
    const std::optional<Bytes> packet = sms::command_packet_of(d);
    if (!packet) return cat::EnvelopeResult::unsupported();
    return answer(card, d, address, *packet, target, context);
  }
  // Refused before it is held or completes: a completed message whose PoR
  // then found no room would be lost, the ME retrying its last segment only.
  if (Uicc::kMaxQueuedProactive - card.proactive_queued() < kMaxPorMessages) return cat::EnvelopeResult::busy();
  const SegmentOutcome seg = add_segment(card, d, *concatenation, tpdu);
  switch (seg.kind) {
    case SegmentOutcome::Kind::Held: return cat::EnvelopeResult::ok();
    case SegmentOutcome::Kind::Rejected: return cat::EnvelopeResult::error();
    case SegmentOutcome::Kind::Complete: break;
  }
  const std::optional<Bytes> packet = sms::command_packet_of(*seg.message);
  if (!packet) return cat::EnvelopeResult::unsupported();
  return answer(card, d, address, *packet, target, context);
}

}  // namespace cardcore::remote
