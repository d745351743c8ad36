#include "twinmodels/ota/ota_sms_link.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "twinmodels/ota/expanded_tags.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/por_carriers.hpp"

namespace twinmodels::ota {

namespace co = cardcore::ota;
namespace sms = cardcore::sms;

namespace {

OtaError::Reason reason_of(co::PacketError::Reason r) {
  using P = co::PacketError::Reason;
  using R = OtaError::Reason;
  switch (r) {
    case P::Unsupported: return R::Unsupported;
    case P::Malformed: return R::MalformedPacket;
    case P::CipheringError: return R::CipheringError;
    case P::IntegrityFailed: return R::IntegrityFailed;
    case P::TarMismatch: return R::TarMismatch;
    case P::CounterMismatch: return R::CounterMismatch;
    case P::NotSecured: return R::NotSecured;
  }
  return R::MalformedPacket;
}

std::string counter_hex(co::Counter c) {
  std::uint8_t b[co::kCounterBytes];
  co::write_counter(b, c);
  return cardcore::to_hex(ByteView(b, sizeof b));
}

// TS 102 225 §5.2 table and TS 31.115 §7 define '00'..'0C'.
constexpr std::uint8_t kLastDefinedStatus = static_cast<std::uint8_t>(co::PorStatus::ResponseByUssd);

// A PoR that announces the real one is still to come: the packet stays
// outstanding.
bool final_por(co::PorStatus s) {
  return s != co::PorStatus::MoreTime && s != co::PorStatus::ResponseBySmsSubmit &&
         s != co::PorStatus::ResponseByUssd;
}

// TS 102 225 §5.2: the TAR is never ciphered; a PoR for another
// application is named as such before any key is tried.
void check_tar(const OtaCardConfig& config, ByteView packet) {
  if (packet.size() >= co::kResponseHeaderBytes &&
      !std::equal(config.tar.begin(), config.tar.end(), packet.begin() + 3))
    throw OtaError(OtaError::Reason::TarMismatch,
                   "PoR for TAR " + cardcore::to_hex(packet.subspan(3, 3)) + ", not " + cardcore::to_hex(config.tar));
}

// The fields of a decoded PoR; its status must be one TS 102 225 §5.2 /
// TS 31.115 §7 define.
PorResult result_of(co::DecodedPor&& decoded) {
  PorResult r;
  r.status = decoded.packet.status;
  r.counter = decoded.packet.counter;
  r.secured = decoded.secured;
  r.additional_data = std::move(decoded.packet.additional_data);
  const auto status = static_cast<std::uint8_t>(r.status);
  if (status > kLastDefinedStatus)
    throw OtaError(OtaError::Reason::UnknownStatus,
                   "PoR status '" + cardcore::to_hex(ByteView(&status, 1)) +
                       "' is reserved (TS 102 225 §5.2, TS 31.115 §7)");
  return r;
}

}  // namespace

PorResult read_por_of_packet(const OtaCardConfig& config, co::Counter counter, ScriptFormat format,
                             ByteView packet) {
  check_tar(config, packet);
  std::optional<co::DecodedPor> decoded;
  try {
    decoded = co::decode_response_packet(packet, config.security, config.keys, config.tar, counter);
  } catch (const co::PacketError& e) {
    if (e.reason == co::PacketError::Reason::CounterMismatch)
      throw OtaError(OtaError::Reason::CounterMismatch, "PoR for another CNTR than the packet's " + counter_hex(counter));
    throw OtaError(reason_of(e.reason), std::string("PoR: ") + e.what());
  }
  PorResult r = result_of(std::move(*decoded));
  if (r.ok() && !r.additional_data.empty() && format != ScriptFormat::Application)
    r.response = decode_remote_response(r.additional_data, format);
  return r;
}

OtaSmsLink::OtaSmsLink(OtaCardConfig config, std::uint64_t reassembly_timeout_ms)
    : config_(std::move(config)),
      counter_(config_.counter),
      next_reference_(config_.first_reference),
      reassembler_(reassembly_timeout_ms) {
  if (counter_ > co::kCounterMax) throw std::invalid_argument("CNTR is 5 bytes (TS 102 225 §5.1)");
}

co::Counter OtaSmsLink::next_counter() const {
  if (config_.security.spi.counter == co::CounterPolicy::NoCounter) return counter_;
  if (counter_ >= co::kCounterMax)
    throw OtaError(OtaError::Reason::CounterExhausted,
                   "CNTR " + counter_hex(counter_) + " has no successor; the card blocks it (TS 102 225 §5.1.1)");
  return counter_ + 1;
}

void OtaSmsLink::set_counter(co::Counter counter) {
  if (counter > co::kCounterMax) throw std::invalid_argument("CNTR is 5 bytes (TS 102 225 §5.1)");
  counter_ = counter;
}

OtaSmsLink::Prepared OtaSmsLink::prepare(ByteView data, std::optional<ScriptFormat> format) const {
  Prepared p;
  p.sent.counter = next_counter();
  p.sent.format = format.value_or(script_format_of(data));
  try {
    p.packet = co::encode_command_packet(config_.security, config_.keys, config_.tar, p.sent.counter, data);
  } catch (const co::PacketError& e) {
    throw OtaError(reason_of(e.reason), std::string("command packet: ") + e.what());
  }
  return p;
}

void OtaSmsLink::commit(const Sent& sent) {
  counter_ = sent.counter;
  outstanding_.push_back(sent);
  if (outstanding_.size() > kMaxOutstanding) outstanding_.pop_front();
}

Bytes OtaSmsLink::build_packet(ByteView secured_data, std::optional<ScriptFormat> format) {
  Prepared p = prepare(secured_data, format);
  commit(p.sent);
  return std::move(p.packet);
}

std::vector<Bytes> OtaSmsLink::build(ByteView secured_data, const sms::Timestamp& scts,
                                     std::optional<ScriptFormat> format) {
  const Prepared p = prepare(secured_data, format);
  // TS 31.115 §4.1/§4.2 (TS 23.040 §9.2.3.24.1 8-bit reference when long).
  const std::vector<sms::SmsDeliver> delivers =
      sms::delivers_with_command_packet(config_.originator, scts, p.packet, next_reference_);
  std::vector<Bytes> out;
  out.reserve(delivers.size());
  for (const sms::SmsDeliver& d : delivers) out.push_back(sms::encode(d));
  commit(p.sent);
  if (delivers.size() > 1) ++next_reference_;
  return out;
}

PorResult OtaSmsLink::read_por(ByteView packet) {
  check_tar(config_, packet);

  // The CNTR is ciphered with the rest: try the packets out, newest first.
  std::vector<co::Counter> candidates;
  for (auto it = outstanding_.rbegin(); it != outstanding_.rend(); ++it)
    if (std::find(candidates.begin(), candidates.end(), it->counter) == candidates.end())
      candidates.push_back(it->counter);
  if (candidates.empty())
    throw OtaError(OtaError::Reason::CounterMismatch, "PoR while no packet is outstanding (last sent CNTR " +
                                                          counter_hex(counter_) + ")");

  std::optional<co::DecodedPor> decoded;
  for (co::Counter c : candidates) {
    try {
      decoded = co::decode_response_packet(packet, config_.security, config_.keys, config_.tar, c);
      break;
    } catch (const co::PacketError& e) {
      if (e.reason != co::PacketError::Reason::CounterMismatch)
        throw OtaError(reason_of(e.reason), std::string("PoR: ") + e.what());
    }
  }
  if (!decoded)
    throw OtaError(OtaError::Reason::CounterMismatch,
                   "PoR for a CNTR no packet outstanding has (last sent " + counter_hex(counter_) + ")");

  PorResult r = result_of(std::move(*decoded));

  // The oldest packet with this counter (several share it under "no counter").
  const auto sent = std::find_if(outstanding_.begin(), outstanding_.end(),
                                 [&](const Sent& s) { return s.counter == r.counter; });
  if (r.ok() && !r.additional_data.empty()) {
    ScriptFormat format = ScriptFormat::Compact;
    if (sent != outstanding_.end()) {
      format = sent->format;
    } else if (r.additional_data[0] == expanded_tag::kResponseScripting ||
               r.additional_data[0] == expanded_tag::kResponseScriptingIndefinite) {
      format = ScriptFormat::Expanded;  // a packet this object did not send: read the data's own tag
    }
    if (format != ScriptFormat::Application) r.response = decode_remote_response(r.additional_data, format);
  }
  if (sent != outstanding_.end() && final_por(r.status)) outstanding_.erase(sent);
  return r;
}

PorResult OtaSmsLink::read_por_from_user_data(ByteView tp_ud) {
  return read_por(response_packet_of_user_data(user_data_of_octets(tp_ud)));
}

PorResult OtaSmsLink::read_por_from_deliver_report(ByteView tpdu, sms::ReportForm form) {
  return read_por(response_packet_of_user_data(user_data_of_deliver_report(tpdu, form)));
}

std::optional<PorResult> OtaSmsLink::from_submit(const sms::SmsSubmit& submit, std::uint64_t now_ms) {
  sms::Reassembler::Result part;
  try {
    // One card per link: the sets are told apart by reference (and TP-DA).
    part = reassembler_.add(submit.da, submit.ud, now_ms);
  } catch (const sms::SmsError& e) {
    throw OtaError(OtaError::Reason::Concatenation, std::string("PoR SMS-SUBMIT: ") + e.what());
  }
  if (!part.message) return std::nullopt;
  const std::optional<Bytes> packet = sms::response_packet_of(*part.message);
  if (!packet)
    throw OtaError(OtaError::Reason::NotAResponsePacket,
                   "SMS-SUBMIT without the response packet identifier (IEI '71', TS 31.115 §4.3)");
  return read_por(*packet);
}

std::optional<PorResult> OtaSmsLink::read_por_from_submit(ByteView tpdu, std::uint64_t now_ms) {
  return from_submit(submit_of_tpdu(tpdu), now_ms);
}

std::optional<PorResult> OtaSmsLink::read_por_from_send_short_message(ByteView command, std::uint64_t now_ms) {
  return from_submit(submit_of_send_short_message(command), now_ms);
}

}  // namespace twinmodels::ota
