#pragma once
// TS 31.115: secured packets (TS 102 225) carried in short messages, as the
// card sees them in an SMS-PP data download (TS 31.111 §7.1.1) and as the
// OTA platform sends and receives them.
//
// Command packet (§4.1, single short message): the TP-UD of an SMS-DELIVER
// with TP-PID '7F' and a class 2 TP-DCS is
//   UDHL | IEI '70' (CPI) | IEIDL '00' | [other IEs] | CPL CHL SPI KIc KID TAR CNTR PCNTR RC/CC/DS data
// i.e. the information element is empty and the packet, starting with its
// two-octet CPL, is the body after the header. Over several short messages
// (§4.2) each carries a concatenation element; only the first also carries
// IEI '70', and the packet is the concatenation of the bodies.
// Response packet (§4.3): the same with IEI '71' (RPI), in the TP-UD of an
// SMS-DELIVER-REPORT or of an SMS-SUBMIT, depending on the SPI.
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/pid.hpp"
#include "cardcore/sms/submit.hpp"

namespace cardcore::sms {

// TS 31.111 §7.1.1 / TS 23.038 §4: TP-PID (U)SIM Data download with 8-bit
// class 2 data (F6, 16, ...), the form TS 31.115 packets travel in.
bool is_sim_data_download(const SmsDeliver& d);

// The command packet of a single-SMS secured message: nullopt unless
// is_sim_data_download, the header holds IEI '70' and no concatenation
// element (a segment of a concatenated one goes to a Reassembler).
std::optional<Bytes> command_packet_of(const SmsDeliver& d);
// Of a reassembled message: IEI '70' must be in the first segment's header.
std::optional<Bytes> command_packet_of(const ReassembledMessage& m);
// The response packet in a TP-UD whose header holds IEI '71' and no
// concatenation element.
std::optional<Bytes> response_packet_of(const UserData& ud);
std::optional<Bytes> response_packet_of(const ReassembledMessage& m);

// TP-UD {header: IEI '71' IEIDL '00'; body: the packet}. Its octets
// (encode_udh + body) are "02 71 00" followed by the packet.
UserData response_packet_user_data(ByteView response_packet);

// The SMS-DELIVER-REPORT that returns a PoR (SPI "PoR via
// SMS-DELIVER-REPORT"): the RP-ACK form, or with `fcs` the RP-ERROR form
// (TS 31.111 §7.1.1.1: D5 "(U)SIM data download error" when the card
// answered with an error status). TP-PID and TP-DCS as the command's
// SMS-DELIVER had them (by default 7F, F6).
SmsDeliverReport deliver_report_with_response_packet(ByteView response_packet,
                                                     std::optional<std::uint8_t> fcs = std::nullopt,
                                                     std::uint8_t pid = kPidSimDataDownload,
                                                     std::uint8_t dcs = kDcsClass2EightBit);

// The SMS-SUBMIT that returns a PoR (SPI "PoR via SMS-SUBMIT"), addressed
// to `destination` (the TP-OA of the command's SMS-DELIVER), TP-PID 7F,
// TP-DCS F6, no TP-VP.
SmsSubmit submit_with_response_packet(const Address& destination, std::uint8_t mr, ByteView response_packet);

// TS 31.115 §4.2: the TP-UDs that carry `packet` (with identifier
// kIeiCommandPacket or kIeiResponsePacket): one without concatenation when
// UDHL, the identifier element and the packet fit in `max_octets`;
// otherwise segments whose first header is [concatenation, identifier] and
// whose later headers are [concatenation] only. Throws SmsError for more
// than 255 segments or a `max_octets` too small to carry any packet data.
std::vector<UserData> secured_packet_segments(std::uint8_t packet_iei, ByteView packet, std::uint16_t reference,
                                              bool sixteen_bit_reference = false,
                                              std::size_t max_octets = kMaxUserData);

// The SMS-DELIVERs of a command packet as the SMSC hands them to the ME
// (TP-PID 7F, TP-DCS F6), and the SMS-SUBMITs of a response packet as the
// card sends them (TP-MR first_mr, first_mr + 1, ...).
std::vector<SmsDeliver> delivers_with_command_packet(const Address& originator, const Timestamp& scts,
                                                     ByteView command_packet, std::uint16_t reference);
std::vector<SmsSubmit> submits_with_response_packet(const Address& destination, std::uint8_t first_mr,
                                                    ByteView response_packet, std::uint16_t reference);
// The same for any secured packet: a card-originated command packet (an
// eUICC's notification to its SM-SR, IEI kIeiCommandPacket) or a response
// packet.
std::vector<SmsSubmit> submits_with_packet(std::uint8_t packet_iei, const Address& destination, std::uint8_t first_mr,
                                           ByteView packet, std::uint16_t reference);

}  // namespace cardcore::sms
