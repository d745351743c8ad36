#include "twinmodels/ota/por_carriers.hpp"

#include <optional>
#include <string>
#include <variant>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/sms/dcs.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

namespace sms = cardcore::sms;

namespace {

[[noreturn]] void malformed(const char* what, const sms::SmsError& e) {
  throw OtaError(OtaError::Reason::MalformedSms, std::string(what) + ": " + e.what());
}

bool eight_bit(std::uint8_t dcs) { return sms::decode_dcs(dcs).alphabet == sms::Alphabet::EightBit; }

}  // namespace

sms::UserData user_data_of_octets(ByteView octets) {
  sms::UserData ud;
  try {
    // TS 23.040 §9.2.3.24: UDHL, the elements, then the body.
    ud.header = sms::decode_udh(octets);
  } catch (const sms::SmsError& e) {
    malformed("TP-UD", e);
  }
  ud.body.assign(octets.begin() + 1 + octets[0], octets.end());
  return ud;
}

sms::UserData user_data_of_deliver_report(ByteView tpdu, sms::ReportForm form) {
  sms::SmsDeliverReport r;
  try {
    r = sms::decode_deliver_report(tpdu, form);
  } catch (const sms::SmsError& e) {
    malformed("SMS-DELIVER-REPORT", e);
  }
  if (!r.ud) throw OtaError(OtaError::Reason::NotAResponsePacket, "SMS-DELIVER-REPORT without TP-UD");
  // TS 31.115 §4.3: the report's TP-DCS is the command's (8-bit class 2).
  if (!r.dcs || !eight_bit(*r.dcs))
    throw OtaError(OtaError::Reason::NotAResponsePacket, "SMS-DELIVER-REPORT without an 8-bit TP-DCS");
  return std::move(*r.ud);
}

sms::SmsSubmit submit_of_tpdu(ByteView tpdu) {
  sms::SmsSubmit s;
  try {
    s = sms::decode_submit(tpdu);
  } catch (const sms::SmsError& e) {
    malformed("SMS-SUBMIT", e);
  }
  if (!eight_bit(s.dcs))
    throw OtaError(OtaError::Reason::NotAResponsePacket,
                   "SMS-SUBMIT with TP-DCS " + cardcore::to_hex(ByteView(&s.dcs, 1)) + ", not 8-bit data");
  return s;
}

sms::SmsSubmit submit_of_send_short_message(ByteView command) {
  const cardcore::cat::Decoded<cardcore::cat::ProactiveCommand> d = cardcore::cat::decode_proactive_command(command);
  if (!d.ok()) throw OtaError(OtaError::Reason::NotASubmitCommand, std::string("proactive command: ") + d.error);
  const auto* ssm = std::get_if<cardcore::cat::SendShortMessage>(&d.value);
  if (!ssm) throw OtaError(OtaError::Reason::NotASubmitCommand, "proactive command is not SEND SHORT MESSAGE");
  const Bytes& tpdu = ssm->tpdu.tpdu;
  // TS 23.040 §9.2.3.1: TP-MTI '01' (MS to SC) is SMS-SUBMIT.
  if (tpdu.empty() || (tpdu[0] & 0x03) != 0x01)
    throw OtaError(OtaError::Reason::NotASubmitCommand, "SEND SHORT MESSAGE without an SMS-SUBMIT");
  // TS 102 223 §6.4.9 packing: the card sent 8-bit data itself here; a
  // "packing required" qualifier would make the terminal pack it into GSM
  // 7 bit, which a response packet never asks for.
  return submit_of_tpdu(tpdu);
}

Bytes response_packet_of_user_data(const sms::UserData& ud) {
  std::optional<Bytes> p;
  try {
    p = sms::response_packet_of(ud);
  } catch (const sms::SmsError& e) {
    malformed("TP-UDH", e);
  }
  if (!p) {
    const bool concatenated = ud.header && (ud.header->has(sms::kIeiConcatenation8) || ud.header->has(sms::kIeiConcatenation16));
    throw OtaError(OtaError::Reason::NotAResponsePacket,
                   concatenated ? "a segment of a concatenated message where one message was expected"
                                : "TP-UD without the response packet identifier (IEI '71', TS 31.115 §4.3)");
  }
  return std::move(*p);
}

}  // namespace twinmodels::ota
