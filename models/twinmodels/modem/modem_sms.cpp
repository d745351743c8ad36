// MT short messages (TS 24.011 §7.3, TS 23.040 §9.2.2.1): SMS-PP data
// download to the card (TS 31.111 §7.1.1) with its RP-ACK / RP-ERROR and
// the PoR in the SMS-DELIVER-REPORT; other messages go to the application.
#include "cardcore/sms/dcs.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/por_carriers.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::modem {

using cardcore::ByteView;
using cardcore::Bytes;
namespace sms = cardcore::sms;
using namespace modem_flag;

namespace {
// TS 24.011 §8.2.5.4 RP-Cause values.
constexpr std::uint8_t kRpMemoryExceeded = 22;
constexpr std::uint8_t kRpInvalidMandatoryInfo = 96;
constexpr std::uint8_t kRpProtocolError = 111;
// TS 23.040 §9.2.3.22 TP-FCS '(U)SIM SMS storage full'.
constexpr std::uint8_t kFcsSimStorageFull = 0xD0;
// TS 23.040 §9.2.3.9: TP-PID '7F' (U)SIM data download.
constexpr std::uint8_t kPidSimDataDownload = 0x7F;

Bytes report_bytes(std::optional<std::uint8_t> fcs, std::uint8_t pid, std::uint8_t dcs, ByteView ud_octets) {
  sms::SmsDeliverReport r;
  r.fcs = fcs;
  if (!ud_octets.empty()) {
    r.pid = pid;
    r.dcs = dcs;
    // A PoR starts with its user data header (TS 31.115 §4.3: IEI '71',
    // TP-UDHI set); other response data is the body as it is.
    try {
      r.ud = ota::user_data_of_octets(ud_octets);
    } catch (const ota::OtaError&) {
      r.ud = sms::UserData{std::nullopt, Bytes(ud_octets.begin(), ud_octets.end())};
    }
  }
  return sms::encode(r);
}
}  // namespace

void Modem::on_mt_sms(Context& c, const MtSms& m) {
  c.rp_owed = true;
  sms::SmsDeliver d;
  try {
    d = sms::decode_deliver(m.tpdu);
  } catch (const sms::SmsError& e) {
    // The RP layer got the message, its TPDU is no SMS-DELIVER.
    c.rp_owed = false;
    c.emit(SendRpError{kRpInvalidMandatoryInfo, report_bytes(sms::kFcsUnspecified, 0, 0, {})},
           cfg_->tech.nas_message_ms);
    c.report(ModemEvent::MtSmsMalformed, 0, e.what());
    return;
  }
  // TS 31.111 §7.1.1: TP-PID "(U)SIM data download" with the service in
  // EF.UST goes to the card, whatever the class.
  if (d.pid == kPidSimDataDownload && card_ready() && (flags_ & kSmsPpService)) {
    if (pending_) {
      // One download waits for the card already: "busy" to the network.
      c.rp_owed = false;
      c.emit(SendRpError{kRpProtocolError, report_bytes(sms::kFcsSimToolkitBusy, 0, 0, {})}, cfg_->tech.nas_message_ms);
      return;
    }
    Bytes env;
    try {
      env = ota::envelope_sms_pp_download(m.tpdu, m.service_centre);
    } catch (const std::exception& e) {
      c.rp_owed = false;
      c.emit(SendRpError{kRpInvalidMandatoryInfo, report_bytes(sms::kFcsUnspecified, 0, 0, {})},
             cfg_->tech.nas_message_ms);
      c.report(ModemEvent::MtSmsMalformed, 0, e.what());
      return;
    }
    pending_.reset();
    sms_pp_download(c, env, 0, d.pid, d.dcs);
    return;
  }
  const sms::DataCoding coding = sms::decode_dcs(d.dcs);
  const bool class2 = coding.message_class == sms::MessageClass::Class2;
  if (d.pid == kPidSimDataDownload || (class2 && !card_ready())) {
    // A download the card cannot take now (TS 23.038 class 2 needs the card).
    c.rp_owed = false;
    c.emit(SendRpError{kRpMemoryExceeded, report_bytes(sms::kFcsSimDataDownloadError, 0, 0, {})},
           cfg_->tech.nas_message_ms);
    return;
  }
  if (class2 && (flags_ & kSmsStorage)) {
    // TS 23.038 §4: class 2 is (U)SIM specific: stored in EF.SMS, then
    // acknowledged; refused with "(U)SIM SMS storage full" (TS 23.040
    // §9.2.3.22 'D0') and RP-Cause #22 when there is no room.
    const unsigned rec = store_sms(c, m);
    c.rp_owed = false;
    if (rec == 0) {
      c.report(ModemEvent::SmsStorageFull);
      c.emit(SendRpError{kRpMemoryExceeded, report_bytes(kFcsSimStorageFull, 0, 0, {})}, cfg_->tech.nas_message_ms);
    } else {
      c.report(ModemEvent::SmsStored, static_cast<std::uint16_t>(rec));
      c.emit(SendRpAck{report_bytes(std::nullopt, 0, 0, {})}, cfg_->tech.nas_message_ms);
    }
    run_proactive(c);
    return;
  }
  c.rp_owed = false;
  c.emit(DeliverToApplication{m.tpdu});
  c.emit(SendRpAck{report_bytes(std::nullopt, 0, 0, {})}, cfg_->tech.nas_message_ms);
}

unsigned Modem::store_sms(Context& c, const MtSms& m) {
  // TS 31.102 §4.2.25 EF.SMS: status, the SC address (TS 24.011 RP
  // address form), the TPDU, 'FF' padding. Status '00' marks a free record,
  // '03' a received message not read yet.
  const std::uint8_t fid[] = {0x6F, 0x3C};
  c.ex.exchange(apdu(0x00, 0xA4, 0x00, 0x04, ByteView(fid, 2)));
  if (!sw_ok(c.ex.sw())) return 0;
  const ByteView fcp = c.ex.data();
  // '62' L ... '82' 05 descriptor, coding, record length (2), records.
  std::size_t reclen = 0, records = 0;
  for (std::size_t i = 2; fcp.size() >= 2 && i + 1 < fcp.size() && i < 2u + fcp[1];) {
    const std::size_t l = fcp[i + 1];
    if (fcp[i] == 0x82 && l >= 5 && i + 2 + l <= fcp.size()) {
      reclen = cardcore::be16(fcp.data() + i + 4);
      records = fcp[i + 6];
    }
    i += 2 + l;
  }
  if (reclen == 0 || reclen > 255) throw ModemCardError("EF.SMS FCP without record length and count");
  Bytes record = {0x03};
  if (m.service_centre) {
    const Bytes sc = sms::encode_rp_address(*m.service_centre);
    record.insert(record.end(), sc.begin(), sc.end());
  } else {
    record.push_back(0x00);
  }
  record.insert(record.end(), m.tpdu.begin(), m.tpdu.end());
  if (record.size() > reclen) return 0;
  record.resize(reclen, 0xFF);
  for (unsigned rec = 1; rec <= records; ++rec) {
    c.ex.exchange(apdu(0x00, 0xB2, static_cast<std::uint8_t>(rec), 0x04, {}, static_cast<int>(reclen)));
    if (!sw_ok(c.ex.sw()) || c.ex.data().empty()) return 0;
    if (c.ex.data()[0] != 0x00) continue;
    c.ex.exchange(apdu(0x00, 0xDC, static_cast<std::uint8_t>(rec), 0x04, record));
    return sw_ok(c.ex.sw()) ? rec : 0;
  }
  return 0;
}

// pid, dcs: the SMS-DELIVER's, for its report (TS 31.111 §7.1.1.1).
void Modem::sms_pp_download(Context& c, const Bytes& envelope, std::uint8_t tries, std::uint8_t pid, std::uint8_t dcs) {
  c.ex.exchange(envelope);
  const cardcore::StatusWord s = c.ex.sw();
  const std::uint64_t send = cfg_->tech.nas_message_ms;
  if (s == cardcore::sw::kBusy) {
    // TS 31.111 §7.1.1.1: retry, or RP-ERROR with TP-FCS 'D4' at the end.
    c.report(ModemEvent::EnvelopeBusy, cardcore::cat::ber::kSmsPpDownload);
    if (tries + 1 < cfg_->envelope_retries) {
      pending_ = std::make_unique<PendingEnvelope>();
      pending_->envelope = envelope;
      pending_->kind = cardcore::cat::ber::kSmsPpDownload;
      pending_->tries = static_cast<std::uint8_t>(tries + 1);
      pending_->pid = pid;
      pending_->dcs = dcs;
      pending_->due_ms = c.t() + cfg_->envelope_retry_ms;
      c.out.push_back(ModemOutput{pending_->due_ms, ScheduleTimer{ModemTimer::EnvelopeRetry, 0}, {}});
      c.rp_owed = false;  // the answer comes with the retry
      return;
    }
    c.rp_owed = false;
    c.emit(SendRpError{kRpProtocolError, report_bytes(sms::kFcsSimToolkitBusy, pid, dcs, {})}, send);
    return;
  }
  const Bytes data(c.ex.data().begin(), c.ex.data().end());
  c.rp_owed = false;
  if (sw_ok(s)) {
    // '90 00' / '91 XX', with the response data of '61 XX' / '9F XX'.
    c.emit(SendRpAck{report_bytes(std::nullopt, pid, dcs, data)}, send);
  } else if ((s >> 8) == 0x62 || (s >> 8) == 0x63) {
    // §7.1.1.1: '62 XX' / '63 XX' -> RP-ERROR 'D5' with the data.
    c.emit(SendRpError{kRpProtocolError, report_bytes(sms::kFcsSimDataDownloadError, pid, dcs, data)}, send);
  } else {
    // '6F XX' and the other errors: RP-ERROR 'D5' without data.
    c.emit(SendRpError{kRpProtocolError, report_bytes(sms::kFcsSimDataDownloadError, pid, dcs, {})}, send);
  }
  run_proactive(c);
}

}  // namespace twinmodels::modem
