#pragma once
// An SMS over NAS as the MME and the device exchange it in LTE (TS 23.272
// §8.2: SMS over SGs), as a plain EPS NAS message for a GSMTAP LTE NAS
// capture: the DOWNLINK or UPLINK NAS TRANSPORT (TS 24.301 §8.2.12,
// §8.2.30) whose NAS message container (§9.9.3.22) holds a CP-DATA (TS
// 24.011 §7.2.1) carrying an RP-DATA (§7.3.1) with the TPDU, or the
// device's RP-ACK or RP-ERROR (§7.3.3, §7.3.4) with its SMS-DELIVER-REPORT
// (a (U)SIM's PoR, TS 31.115 §4.3). The CP-ACKs are not written.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "cardcore/sms/address.hpp"

namespace twinsim::pcap {

// The network delivers `tpdu` (an SMS-DELIVER) from the service centre
// `sc`. Throws cardcore::sms::SmsError for an address RP cannot carry.
std::vector<std::uint8_t> downlink_sms(const cardcore::sms::Address& sc, std::span<const std::uint8_t> tpdu,
                                       std::uint8_t message_reference);
// The device submits `tpdu` (an SMS-SUBMIT) to the service centre `sc`
// (none: an empty RP-Destination Address).
std::vector<std::uint8_t> uplink_sms(const std::optional<cardcore::sms::Address>& sc,
                                     std::span<const std::uint8_t> tpdu, std::uint8_t message_reference);

// The device acknowledges the network's RP-DATA `message_reference`;
// `report` (an SMS-DELIVER-REPORT, may be empty) as its RP-User data.
std::vector<std::uint8_t> uplink_rp_ack(std::uint8_t message_reference, std::span<const std::uint8_t> report);
// The device refuses it with RP-Cause `cause` (TS 24.011 §8.2.5.4).
std::vector<std::uint8_t> uplink_rp_error(std::uint8_t message_reference, std::uint8_t cause,
                                          std::span<const std::uint8_t> report);

}  // namespace twinsim::pcap
