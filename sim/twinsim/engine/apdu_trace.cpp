#include "twinsim/engine/apdu_trace.hpp"

#include "twinsim/engine/recorded_event.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"

namespace twinsim {

namespace {

RecordedApdu recorded(double t, std::uint32_t device, std::uint8_t direction, cardcore::Bytes bytes,
                      RecordedApdu::Kind kind) {
  RecordedApdu r;
  r.t = t;
  r.device = device;
  r.direction = direction;
  r.bytes = std::move(bytes);
  r.kind = kind;
  return r;
}

}  // namespace

void record_traced_apdu(World& world, SimTime now, std::uint32_t device, std::uint8_t direction, cardcore::ByteView apdu) {
  cardcore::Bytes bytes = world.scenario.trace_secrets ? cardcore::Bytes(apdu.begin(), apdu.end())
                                                       : world.trace_redaction[device].mask(direction, apdu);
  if (world.shard_apdus) {
    world.shard_apdus->push_back(recorded(to_seconds(now), device, direction, std::move(bytes), RecordedApdu::Apdu));
    return;
  }
  write_traced_apdu(world, to_seconds(now), device, direction, bytes);
}

void write_traced_apdu(World& world, double t, std::uint32_t device, std::uint8_t direction, const cardcore::Bytes& bytes) {
  world.out->add_apdu(t, device, direction, bytes);
  if (world.pcap) world.pcap->apdu(t, device, direction, bytes);
}

namespace {

// Whether device's SMS go to the GSMTAP trace; a sharded run's ranks keep
// them (world.gsmtap: --pcap, on every rank).
bool traces_sms(const World& world, std::uint32_t device) {
  return world.traced[device] && (world.pcap || (world.shard_apdus && world.gsmtap));
}

}  // namespace

void trace_sms_delivered(World& world, SimTime t, std::uint32_t device, const cardcore::sms::Address& centre,
                         cardcore::ByteView tpdu) {
  if (!traces_sms(world, device)) return;
  if (!world.shard_apdus) return world.pcap->sms_delivered(to_seconds(t), device, centre, tpdu);
  RecordedApdu r = recorded(to_seconds(t), device, 0, cardcore::Bytes(tpdu.begin(), tpdu.end()), RecordedApdu::SmsDelivered);
  r.centre = cardcore::sms::encode_rp_address(centre);
  world.shard_apdus->push_back(std::move(r));
}

void trace_sms_sent(World& world, SimTime t, std::uint32_t device, const std::optional<cardcore::sms::Address>& centre,
                    cardcore::ByteView tpdu) {
  if (!traces_sms(world, device)) return;
  if (!world.shard_apdus) return world.pcap->sms_sent(to_seconds(t), device, centre, tpdu);
  RecordedApdu r = recorded(to_seconds(t), device, 0, cardcore::Bytes(tpdu.begin(), tpdu.end()), RecordedApdu::SmsSent);
  if (centre) r.centre = cardcore::sms::encode_rp_address(*centre);
  world.shard_apdus->push_back(std::move(r));
}

void trace_sms_report(World& world, SimTime t, std::uint32_t device, bool ack, std::uint8_t rp_cause,
                      cardcore::ByteView report) {
  if (!traces_sms(world, device)) return;
  if (!world.shard_apdus) return world.pcap->sms_report(to_seconds(t), device, ack, rp_cause, report);
  RecordedApdu r = recorded(to_seconds(t), device, ack ? std::uint8_t{1} : std::uint8_t{0},
                            cardcore::Bytes(report.begin(), report.end()), RecordedApdu::SmsReport);
  r.rp_cause = rp_cause;
  world.shard_apdus->push_back(std::move(r));
}

void write_traced(World& world, const RecordedApdu& r) {
  // The service centre's RP address (TS 24.011 §8.2.5.1), as recorded.
  auto centre = [&r] {
    std::size_t used = 0;
    return cardcore::sms::decode_rp_address(r.centre, used).value_or(cardcore::sms::Address{});
  };
  switch (r.kind) {
    case RecordedApdu::Apdu: return write_traced_apdu(world, r.t, r.device, r.direction, r.bytes);
    case RecordedApdu::SmsDelivered:
      if (world.pcap) world.pcap->sms_delivered(r.t, r.device, centre(), r.bytes);
      return;
    case RecordedApdu::SmsSent:
      if (world.pcap)
        world.pcap->sms_sent(r.t, r.device,
                             r.centre.empty() ? std::nullopt : std::optional<cardcore::sms::Address>(centre()), r.bytes);
      return;
    case RecordedApdu::SmsReport:
      if (world.pcap) world.pcap->sms_report(r.t, r.device, r.direction != 0, r.rp_cause, r.bytes);
      return;
  }
}

}  // namespace twinsim
