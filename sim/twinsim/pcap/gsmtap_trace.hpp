#pragma once
// The GSMTAP trace of a run's traced devices (docs/INTEROP.md, "GSMTAP"):
// each APDU exchange between a device's terminal and card as a GSMTAP SIM
// packet (the command and the response that answers it together), the
// card's ATR as one of its own, and each SMS the device receives or sends
// as a GSMTAP LTE NAS packet (nas_sms.hpp); written to a pcap file
// (pcap_file.hpp) with the simulated time. Each device has its own IPv4
// source address, 10.x.y.z with x.y.z = the device's index + 1, so
// `ip.src` picks a device out in Wireshark.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cardcore/sms/address.hpp"
#include "twinsim/pcap/pcap_file.hpp"

namespace twinsim::pcap {

class GsmtapTrace {
 public:
  explicit GsmtapTrace(const std::string& path);  // throws PcapError

  // An APDU of `device` at time t: direction 0 a command (terminal to
  // card), 1 a response. A response with no command before it is the ATR.
  void apdu(double t, std::uint32_t device, std::uint8_t direction, std::span<const std::uint8_t> bytes);
  // An SMS delivered to the device from the service centre `sc`, or sent
  // by it to `sc`.
  void sms_delivered(double t, std::uint32_t device, const cardcore::sms::Address& sc,
                     std::span<const std::uint8_t> tpdu);
  void sms_sent(double t, std::uint32_t device, const std::optional<cardcore::sms::Address>& sc,
                std::span<const std::uint8_t> tpdu);
  // The device's RP-ACK (rp_cause 0) or RP-ERROR to the last SMS delivered
  // to it, with its SMS-DELIVER-REPORT.
  void sms_report(double t, std::uint32_t device, bool ack, std::uint8_t rp_cause,
                  std::span<const std::uint8_t> report);

  std::uint64_t packets() const { return file_.packets(); }
  void close() { file_.close(); }

  // The device's address: 10.0.0.0/8 plus its index + 1.
  static std::uint32_t address_of(std::uint32_t device);
  // Where the packets go: the trace's collector, 10.255.255.254.
  static constexpr std::uint32_t kCollector = 0x0AFFFFFE;

 private:
  void send(double t, std::uint32_t device, const std::vector<std::uint8_t>& packet);
  PcapFile file_;
  std::map<std::uint32_t, std::vector<std::uint8_t>> pending_command_;  // per device
  std::map<std::uint32_t, std::uint8_t> sms_reference_;                 // per device: the next RP message reference
  std::map<std::uint32_t, std::uint8_t> delivered_reference_;           // per device: the last RP-DATA's downlink
};

}  // namespace twinsim::pcap
