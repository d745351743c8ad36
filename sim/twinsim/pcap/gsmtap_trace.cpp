#include "twinsim/pcap/gsmtap_trace.hpp"

#include "twinsim/pcap/gsmtap.hpp"
#include "twinsim/pcap/nas_sms.hpp"

namespace twinsim::pcap {

GsmtapTrace::GsmtapTrace(const std::string& path) : file_(path) {}

std::uint32_t GsmtapTrace::address_of(std::uint32_t device) { return 0x0A000000 | ((device + 1) & 0x00FFFFFF); }

void GsmtapTrace::send(double t, std::uint32_t device, const std::vector<std::uint8_t>& packet) {
  file_.write_udp(t, address_of(device), kCollector, kGsmtapPort, kGsmtapPort, packet);
}

void GsmtapTrace::apdu(double t, std::uint32_t device, std::uint8_t direction, std::span<const std::uint8_t> bytes) {
  if (direction == 0) {
    pending_command_[device].assign(bytes.begin(), bytes.end());
    return;
  }
  auto it = pending_command_.find(device);
  if (it == pending_command_.end()) {  // a response with no command: the ATR
    send(t, device, gsmtap_packet(kGsmtapTypeSim, kGsmtapSimAtr, false, bytes));
    return;
  }
  std::vector<std::uint8_t> exchange = std::move(it->second);
  pending_command_.erase(it);
  exchange.insert(exchange.end(), bytes.begin(), bytes.end());
  send(t, device, gsmtap_packet(kGsmtapTypeSim, kGsmtapSimApdu, false, exchange));
}

void GsmtapTrace::sms_delivered(double t, std::uint32_t device, const cardcore::sms::Address& sc,
                                std::span<const std::uint8_t> tpdu) {
  const std::uint8_t reference = sms_reference_[device]++;
  delivered_reference_[device] = reference;
  send(t, device, gsmtap_packet(kGsmtapTypeLteNas, kGsmtapLteNasPlain, false, downlink_sms(sc, tpdu, reference)));
}

void GsmtapTrace::sms_sent(double t, std::uint32_t device, const std::optional<cardcore::sms::Address>& sc,
                           std::span<const std::uint8_t> tpdu) {
  const std::uint8_t reference = sms_reference_[device]++;
  send(t, device, gsmtap_packet(kGsmtapTypeLteNas, kGsmtapLteNasPlain, true, uplink_sms(sc, tpdu, reference)));
}

void GsmtapTrace::sms_report(double t, std::uint32_t device, bool ack, std::uint8_t rp_cause,
                             std::span<const std::uint8_t> report) {
  const std::uint8_t reference = delivered_reference_[device];
  const auto nas = ack ? uplink_rp_ack(reference, report) : uplink_rp_error(reference, rp_cause, report);
  send(t, device, gsmtap_packet(kGsmtapTypeLteNas, kGsmtapLteNasPlain, true, nas));
}

}  // namespace twinsim::pcap
