// Modem::save_state() / restore_state(): a modem's whole state for
// simulator checkpoints (docs/CHECKPOINTS.md). Everything but the shared
// configuration, little-endian:
//
//   "MDST", version u16 (2)
//   imei14 u64                       must equal the restored modem's
//   state u8, flags u8, mnc_len u8, attempts u8, sms_command u8,
//   sms_qualifier u8, ta1 u8
//   poll_due_ms u64, poll_interval_ms u32, events u32, m_tmsi u32,
//   cell_id u32, attach_due_ms_lo u32, tac u16, acc u16
//   imsi 9 bytes (EF.IMSI as read), plmn 3 bytes
//   timers: present u8; then 8 x (deadline_ms u64, value_s u32)
//   pending envelope: present u8; then envelope (u32 length, bytes),
//                     due_ms u64, kind u8, tries u8, pid u8, dcs u8
//   BIP channel: present u8; then rx, tx (u32 length, bytes each),
//                buffer u16, id u8, further_info u8, established u8,
//                opening u8 (OPEN CHANNEL's number while its TERMINAL
//                RESPONSE waits for the link, else 0), its qualifier u8,
//                asked_buffer u16,
//                bearer_type u8, bearer_parameters (u32 length, bytes)
#include <string>

#include "twinmodels/modem/modem.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::modem {

namespace {

constexpr char kMagic[5] = "MDST";
constexpr std::uint16_t kVersion = 2;
constexpr std::uint8_t kKnownFlags =  // every modem_flag::k*
    modem_flag::kGutiValid | modem_flag::kSmsPpService | modem_flag::kEpsMmService | modem_flag::kHomeForbidden |
    modem_flag::kProfileSent | modem_flag::kRestartPending | modem_flag::kSmsStorage | modem_flag::kT3346Running;
constexpr std::size_t kMaxBuffer = 65535;   // an ENVELOPE or a BIP buffer, bytes

}  // namespace

cardcore::Bytes Modem::save_state() const {
  using namespace state;
  cardcore::Bytes b;
  b.reserve(96);
  put_header(b, kMagic, kVersion);
  put_u64(b, imei14_);
  put_u8(b, static_cast<std::uint8_t>(state_));
  put_u8(b, flags_);
  put_u8(b, mnc_len_);
  put_u8(b, attempts_);
  put_u8(b, sms_command_);
  put_u8(b, sms_qualifier_);
  put_u8(b, ta1_);
  put_u64(b, poll_due_ms_);
  put_u32(b, poll_interval_ms_);
  put_u32(b, events_);
  put_u32(b, m_tmsi_);
  put_u32(b, cell_id_);
  put_u32(b, attach_due_ms_lo_);
  put_u16(b, tac_);
  put_u16(b, acc_);
  put_bytes(b, imsi_);
  put_bytes(b, plmn_);
  put_u8(b, timers_ ? 1 : 0);
  if (timers_) {
    for (std::size_t i = 0; i < 8; ++i) {
      put_u64(b, timers_->deadline_ms[i]);
      put_u32(b, timers_->value_s[i]);
    }
  }
  put_u8(b, pending_ ? 1 : 0);
  if (pending_) {
    put_blob(b, pending_->envelope);
    put_u64(b, pending_->due_ms);
    put_u8(b, pending_->kind);
    put_u8(b, pending_->tries);
    put_u8(b, pending_->pid);
    put_u8(b, pending_->dcs);
  }
  put_u8(b, bip_ ? 1 : 0);
  if (bip_) {
    put_blob(b, bip_->rx);
    put_blob(b, bip_->tx);
    put_u16(b, bip_->buffer);
    put_u8(b, bip_->id);
    put_u8(b, bip_->further_info);
    put_u8(b, bip_->established ? 1 : 0);
    put_u8(b, bip_->opening);
    put_u8(b, bip_->open_qualifier);
    put_u16(b, bip_->asked_buffer);
    put_u8(b, bip_->bearer_type);
    put_blob(b, bip_->bearer_parameters);
  }
  return b;
}

void Modem::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "modem");
  r.header(kMagic, kVersion);
  // Read into a copy: a malformed state leaves this modem unchanged.
  Modem m(*cfg_, imei14_);
  const std::uint64_t imei = r.u64("imei");
  if (imei != imei14_)
    r.fail("saved for IMEI (14 digits) " + std::to_string(imei) + ", this modem's is " + std::to_string(imei14_));
  const std::uint8_t st = r.u8("state");
  if (st > static_cast<std::uint8_t>(ModemState::Sleeping)) r.fail("state " + std::to_string(st) + " is not a modem state");
  m.state_ = static_cast<ModemState>(st);
  m.flags_ = r.u8("flags");
  if (m.flags_ & ~kKnownFlags) r.fail("flags " + std::to_string(m.flags_) + " have bits the modem does not use");
  m.mnc_len_ = r.u8("mnc_length");
  // TS 31.102 §4.2.18: EF.AD gives an MNC of 2 or 3 digits.
  if (m.mnc_len_ != 2 && m.mnc_len_ != 3) r.fail("MNC length " + std::to_string(m.mnc_len_) + " is not 2 or 3");
  m.attempts_ = r.u8("attempts");
  m.sms_command_ = r.u8("sms_command");
  m.sms_qualifier_ = r.u8("sms_qualifier");
  m.ta1_ = r.u8("ta1");
  m.poll_due_ms_ = r.u64("poll_due_ms");
  m.poll_interval_ms_ = r.u32("poll_interval_ms");
  m.events_ = r.u32("events");
  m.m_tmsi_ = r.u32("m_tmsi");
  m.cell_id_ = r.u32("cell_id");
  m.attach_due_ms_lo_ = r.u32("attach_due_ms_lo");
  m.tac_ = r.u16("tac");
  m.acc_ = r.u16("acc");
  const cardcore::ByteView imsi = r.bytes(m.imsi_.size(), "imsi");
  std::copy(imsi.begin(), imsi.end(), m.imsi_.begin());
  const cardcore::ByteView plmn = r.bytes(m.plmn_.size(), "plmn");
  std::copy(plmn.begin(), plmn.end(), m.plmn_.begin());
  if (r.flag("timers present")) {
    m.timers_ = std::make_unique<CatTimers>();
    for (std::size_t i = 0; i < 8; ++i) {
      m.timers_->deadline_ms[i] = r.u64("timer deadline_ms");
      m.timers_->value_s[i] = r.u32("timer value_s");
    }
  }
  if (r.flag("pending envelope present")) {
    m.pending_ = std::make_unique<PendingEnvelope>();
    m.pending_->envelope = r.blob("pending envelope", kMaxBuffer);
    m.pending_->due_ms = r.u64("pending envelope due_ms");
    m.pending_->kind = r.u8("pending envelope kind");
    m.pending_->tries = r.u8("pending envelope tries");
    m.pending_->pid = r.u8("pending envelope pid");
    m.pending_->dcs = r.u8("pending envelope dcs");
  }
  if (r.flag("BIP channel present")) {
    m.bip_ = std::make_unique<BipChannel>();
    m.bip_->rx = r.blob("BIP rx", kMaxBuffer);
    m.bip_->tx = r.blob("BIP tx", kMaxBuffer);
    m.bip_->buffer = r.u16("BIP buffer");
    m.bip_->id = r.u8("BIP channel id");
    m.bip_->further_info = r.u8("BIP further_info");
    m.bip_->established = r.flag("BIP established");
    m.bip_->opening = r.u8("BIP opening");
    m.bip_->open_qualifier = r.u8("BIP opening qualifier");
    m.bip_->asked_buffer = r.u16("BIP asked_buffer");
    m.bip_->bearer_type = r.u8("BIP bearer_type");
    m.bip_->bearer_parameters = r.blob("BIP bearer_parameters", 255);
    // A channel is either up or waiting for its link, not both.
    if (m.bip_->opening != 0 && m.bip_->established) r.fail("a BIP channel both established and opening");
  }
  r.expect_end();
  *this = std::move(m);
}

}  // namespace twinmodels::modem
