#include "cardcore/sms/secured_packet_sms.hpp"

#include "cardcore/sms/pid.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

namespace {

// The body after a header that has `iei` and no concatenation element.
std::optional<Bytes> packet_after(const std::optional<UserDataHeader>& header, const Bytes& body, std::uint8_t iei) {
  if (!header || !header->has(iei) || concatenation_of(*header)) return std::nullopt;
  return body;
}

}  // namespace

bool is_sim_data_download(const SmsDeliver& d) {
  return d.pid == kPidSimDataDownload && is_class2_eight_bit(d.dcs);
}

std::optional<Bytes> command_packet_of(const SmsDeliver& d) {
  if (!is_sim_data_download(d)) return std::nullopt;
  return packet_after(d.ud.header, d.ud.body, kIeiCommandPacket);
}

std::optional<Bytes> command_packet_of(const ReassembledMessage& m) {
  if (!m.header.has(kIeiCommandPacket)) return std::nullopt;
  return m.body;
}

std::optional<Bytes> response_packet_of(const UserData& ud) {
  return packet_after(ud.header, ud.body, kIeiResponsePacket);
}

std::optional<Bytes> response_packet_of(const ReassembledMessage& m) {
  if (!m.header.has(kIeiResponsePacket)) return std::nullopt;
  return m.body;
}

UserData response_packet_user_data(ByteView response_packet) {
  UserData ud;
  ud.header = UserDataHeader{{{kIeiResponsePacket, {}}}};
  ud.body.assign(response_packet.begin(), response_packet.end());
  return ud;
}

SmsDeliverReport deliver_report_with_response_packet(ByteView response_packet, std::optional<std::uint8_t> fcs,
                                                     std::uint8_t pid, std::uint8_t dcs) {
  SmsDeliverReport r;
  r.fcs = fcs;
  r.pid = pid;
  r.dcs = dcs;
  r.ud = response_packet_user_data(response_packet);
  return r;
}

SmsSubmit submit_with_response_packet(const Address& destination, std::uint8_t mr, ByteView response_packet) {
  SmsSubmit s;
  s.mr = mr;
  s.da = destination;
  s.pid = kPidSimDataDownload;
  s.dcs = kDcsClass2EightBit;
  s.ud = response_packet_user_data(response_packet);
  return s;
}

std::vector<UserData> secured_packet_segments(std::uint8_t packet_iei, ByteView packet, std::uint16_t reference,
                                              bool sixteen_bit_reference, std::size_t max_octets) {
  const InformationElement identifier{packet_iei, {}};
  if (3 + packet.size() <= max_octets) {  // UDHL, IEI, IEIDL
    UserData ud;
    ud.header = UserDataHeader{{identifier}};
    ud.body.assign(packet.begin(), packet.end());
    return {ud};
  }
  const std::size_t concat = sixteen_bit_reference ? 6 : 5;  // IEI, IEIDL, data
  if (max_octets < 1 + concat + 2 + 1)
    throw SmsError("TP-UD", 0, std::to_string(max_octets) + " octets leave no room for a segment's packet data");
  const std::size_t first_room = max_octets - 1 - concat - 2;
  const std::size_t later_room = max_octets - 1 - concat;
  const std::size_t total = 1 + (packet.size() - first_room + later_room - 1) / later_room;
  if (total > 255)
    throw SmsError("concatenation", 0, std::to_string(packet.size()) + " octets need " + std::to_string(total) +
                                           " short messages; at most 255 (TS 23.040 §9.2.3.24.1)");
  std::vector<UserData> out;
  std::size_t pos = 0;
  for (std::size_t seq = 1; seq <= total; ++seq) {
    const std::size_t room = seq == 1 ? first_room : later_room;
    const std::size_t n = std::min(room, packet.size() - pos);
    UserData ud;
    ud.header = UserDataHeader{{concatenation_element({reference, static_cast<std::uint8_t>(total),
                                                       static_cast<std::uint8_t>(seq), sixteen_bit_reference})}};
    if (seq == 1) ud.header->elements.push_back(identifier);
    ud.body.assign(packet.begin() + static_cast<std::ptrdiff_t>(pos),
                   packet.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
    out.push_back(std::move(ud));
  }
  return out;
}

std::vector<SmsDeliver> delivers_with_command_packet(const Address& originator, const Timestamp& scts,
                                                     ByteView command_packet, std::uint16_t reference) {
  std::vector<SmsDeliver> out;
  for (UserData& ud : secured_packet_segments(kIeiCommandPacket, command_packet, reference)) {
    SmsDeliver d;
    d.oa = originator;
    d.pid = kPidSimDataDownload;
    d.dcs = kDcsClass2EightBit;
    d.scts = scts;
    d.ud = std::move(ud);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<SmsSubmit> submits_with_response_packet(const Address& destination, std::uint8_t first_mr,
                                                    ByteView response_packet, std::uint16_t reference) {
  return submits_with_packet(kIeiResponsePacket, destination, first_mr, response_packet, reference);
}

std::vector<SmsSubmit> submits_with_packet(std::uint8_t packet_iei, const Address& destination, std::uint8_t first_mr,
                                           ByteView packet, std::uint16_t reference) {
  std::vector<SmsSubmit> out;
  std::uint8_t mr = first_mr;
  for (UserData& ud : secured_packet_segments(packet_iei, packet, reference)) {
    SmsSubmit s = submit_with_response_packet(destination, mr++, {});
    s.ud = std::move(ud);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cardcore::sms
