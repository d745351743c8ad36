#include "twinsim/pcap/nas_sms.hpp"

#include <stdexcept>
#include <string>

namespace twinsim::pcap {

namespace {

constexpr std::uint8_t kEmmPlain = 0x07;              // TS 24.007 §11.2.3.1.1: EMM, no security header
constexpr std::uint8_t kDownlinkNasTransport = 0x62;  // TS 24.301 §9.8
constexpr std::uint8_t kUplinkNasTransport = 0x63;
constexpr std::uint8_t kSmsMessages = 0x09;           // TS 24.007 §11.2.3.1.1: SMS
constexpr std::uint8_t kCpData = 0x01;                // TS 24.011 §8.1.3
constexpr std::uint8_t kRpDataMsToNetwork = 0x00;     // TS 24.011 §8.2.2
constexpr std::uint8_t kRpDataNetworkToMs = 0x01;
constexpr std::uint8_t kRpAckMsToNetwork = 0x02;
constexpr std::uint8_t kRpErrorMsToNetwork = 0x04;
constexpr std::uint8_t kRpUserDataIei = 0x41;         // TS 24.011 §8.2.5.3
constexpr std::uint8_t kTiFlagToOriginator = 0x80;    // TS 24.007 §11.2.3.1.3

void put_lv(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& value) {
  if (value.size() > 255) throw std::invalid_argument("an SMS over NAS element is over 255 bytes");
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

// `rp` in a CP-DATA (TS 24.011 §7.2.1: transaction identifier 0; its flag
// set when the message goes to the side that opened the transaction, TS
// 24.007 §11.2.3.1.3) in a NAS transport message.
std::vector<std::uint8_t> nas_transport(std::uint8_t message_type, bool to_originator,
                                        const std::vector<std::uint8_t>& rp) {
  std::vector<std::uint8_t> cp{static_cast<std::uint8_t>(kSmsMessages | (to_originator ? kTiFlagToOriginator : 0)),
                               kCpData};
  put_lv(cp, rp);
  std::vector<std::uint8_t> nas{kEmmPlain, message_type};
  put_lv(nas, cp);
  return nas;
}

// RP-DATA (TS 24.011 §7.3.1): type, reference, originator and destination
// address (§8.2.5.1, §8.2.5.2), user data. The service centre is the
// originator downlink and the destination uplink; the other is empty.
std::vector<std::uint8_t> rp_data(bool network_to_ms, const std::optional<cardcore::sms::Address>& sc,
                                  std::span<const std::uint8_t> tpdu, std::uint8_t reference) {
  const std::vector<std::uint8_t> none{0}, address = sc ? cardcore::sms::encode_rp_address(*sc) : none;
  std::vector<std::uint8_t> rp{network_to_ms ? kRpDataNetworkToMs : kRpDataMsToNetwork, reference};
  rp.insert(rp.end(), network_to_ms ? address.begin() : none.begin(), network_to_ms ? address.end() : none.end());
  rp.insert(rp.end(), network_to_ms ? none.begin() : address.begin(), network_to_ms ? none.end() : address.end());
  put_lv(rp, std::vector<std::uint8_t>(tpdu.begin(), tpdu.end()));
  return rp;
}

void put_user_data(std::vector<std::uint8_t>& rp, std::span<const std::uint8_t> report) {
  if (report.empty()) return;
  rp.push_back(kRpUserDataIei);
  put_lv(rp, std::vector<std::uint8_t>(report.begin(), report.end()));
}

}  // namespace

std::vector<std::uint8_t> downlink_sms(const cardcore::sms::Address& sc, std::span<const std::uint8_t> tpdu,
                                       std::uint8_t message_reference) {
  return nas_transport(kDownlinkNasTransport, false, rp_data(true, sc, tpdu, message_reference));
}

std::vector<std::uint8_t> uplink_sms(const std::optional<cardcore::sms::Address>& sc,
                                     std::span<const std::uint8_t> tpdu, std::uint8_t message_reference) {
  return nas_transport(kUplinkNasTransport, false, rp_data(false, sc, tpdu, message_reference));
}

std::vector<std::uint8_t> uplink_rp_ack(std::uint8_t message_reference, std::span<const std::uint8_t> report) {
  std::vector<std::uint8_t> rp{kRpAckMsToNetwork, message_reference};
  put_user_data(rp, report);
  return nas_transport(kUplinkNasTransport, true, rp);
}

std::vector<std::uint8_t> uplink_rp_error(std::uint8_t message_reference, std::uint8_t cause,
                                          std::span<const std::uint8_t> report) {
  std::vector<std::uint8_t> rp{kRpErrorMsToNetwork, message_reference, 1, static_cast<std::uint8_t>(cause & 0x7F)};
  put_user_data(rp, report);
  return nas_transport(kUplinkNasTransport, true, rp);
}

}  // namespace twinsim::pcap
