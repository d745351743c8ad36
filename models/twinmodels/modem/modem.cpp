#include "twinmodels/modem/modem.hpp"

#include <stdexcept>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/modem/atr.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/network/gprs_timer.hpp"

namespace twinmodels::modem {

using cardcore::ByteView;
using cardcore::Bytes;
using namespace modem_flag;

Bytes apdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data, int le) {
  Bytes b = {cla, ins, p1, p2};
  if (!data.empty()) {
    b.push_back(static_cast<std::uint8_t>(data.size()));
    b.insert(b.end(), data.begin(), data.end());
  }
  if (le >= 0) b.push_back(static_cast<std::uint8_t>(le));
  return b;
}

bool sw_ok(cardcore::StatusWord s) { return s == cardcore::sw::kOk || (s >> 8) == 0x91; }

const char* to_string(ModemState s) {
  switch (s) {
    case ModemState::Off: return "off";
    case ModemState::CardFailed: return "card failed";
    case ModemState::PinLocked: return "PIN locked";
    case ModemState::Deregistered: return "deregistered";
    case ModemState::Attaching: return "attaching";
    case ModemState::Registered: return "registered";
    case ModemState::Invalid: return "USIM invalid";
    case ModemState::Sleeping: return "sleeping in PSM";
  }
  return "?";
}

const char* to_string(ModemTimer t) {
  switch (t) {
    case ModemTimer::Restart: return "restart";
    case ModemTimer::AttachGuard: return "attach guard";
    case ModemTimer::AttachRetry: return "attach retry";
    case ModemTimer::CardPoll: return "card poll";
    case ModemTimer::CatTimer: return "toolkit timer";
    case ModemTimer::EnvelopeRetry: return "envelope retry";
    case ModemTimer::T3346: return "T3346";
    case ModemTimer::LimitedServiceScan: return "limited service scan";
  }
  return "?";
}

const char* to_string(ModemEvent e) {
  switch (e) {
    case ModemEvent::CardReady: return "card ready";
    case ModemEvent::CardFailed: return "card failed";
    case ModemEvent::PinRequired: return "PIN required";
    case ModemEvent::PinRejected: return "PIN rejected";
    case ModemEvent::PinBlocked: return "PIN blocked";
    case ModemEvent::HomePlmnForbidden: return "home PLMN forbidden";
    case ModemEvent::Registered: return "registered";
    case ModemEvent::AttachRejected: return "attach rejected";
    case ModemEvent::AttachTimedOut: return "attach timed out";
    case ModemEvent::AuthMacFailure: return "authentication MAC failure";
    case ModemEvent::AuthSyncFailure: return "authentication synch failure";
    case ModemEvent::AuthCardError: return "authentication card error";
    case ModemEvent::Deregistered: return "deregistered";
    case ModemEvent::CardPowerLost: return "card power lost";
    case ModemEvent::Refresh: return "refresh";
    case ModemEvent::ProactiveCommand: return "proactive command";
    case ModemEvent::ProactiveUnsupported: return "proactive command unsupported";
    case ModemEvent::EnvelopeBusy: return "envelope busy";
    case ModemEvent::MtSmsMalformed: return "MT SMS malformed";
    case ModemEvent::SmsStored: return "SMS stored";
    case ModemEvent::SmsStorageFull: return "SMS storage full";
    case ModemEvent::AuthenticationRejected: return "authentication rejected";
    case ModemEvent::EmergencyProfileEnabled: return "emergency profile enabled";
    case ModemEvent::EmergencyProfileDisabled: return "emergency profile disabled";
    case ModemEvent::EmergencyProfileRefused: return "emergency profile refused";
  }
  return "?";
}

cardcore::cat::TerminalProfile ModemConfig::terminal_profile_for(Technology t) {
  using F = cardcore::cat::Facility;
  cardcore::cat::TerminalProfile p = cardcore::cat::TerminalProfile::with(
      {F::kProfileDownload, F::kSmsPpDataDownload, F::kTimerExpiration, F::kCommandResult, F::kMoreTime,
       F::kPollInterval, F::kPollingOff, F::kRefresh, F::kSendShortMessage, F::kLocalInfoLocationImei,
       F::kSetUpEventList, F::kEventLocationStatus, F::kTimerStartStop, F::kTimerGetValue, F::kLocalInfoDateTime,
       F::kLocalInfoAccessTechnology,
       // BIP, class "e": one channel, TCP/UDP client.
       F::kOpenChannel, F::kCloseChannel, F::kReceiveData, F::kSendData, F::kGetChannelStatus,
       F::kEventDataAvailable, F::kEventChannelStatus, F::kTcpClientRemote, F::kUdpClientRemote,
       // The packet bearer of the technology (TS 31.111 §5.2): GPRS on
       // GERAN, E-UTRAN otherwise.
       t == Technology::Gsm ? F::kBearerGprs : F::kBearerEutran});
  // TS 102 223 §5.2 byte 13 b6-b8: the number of channels.
  cardcore::Bytes b = p.bytes();
  b[12] = static_cast<std::uint8_t>(b[12] | 1u << 5);
  return cardcore::cat::TerminalProfile(b);
}

Modem::Modem(const ModemConfig& cfg, std::uint64_t imei14) : cfg_(&cfg), imei14_(imei14) {
  if (imei14 >= 100000000000000ull) throw std::invalid_argument("IMEI: more than 14 digits before the check digit");
}
Modem::~Modem() = default;
Modem::Modem(Modem&&) noexcept = default;
Modem& Modem::operator=(Modem&&) noexcept = default;

std::string Modem::imsi() const {
  if (imsi_[0] == 0) return {};
  return cardcore::decode_imsi(ByteView(imsi_.data(), imsi_.size()));
}

std::string Modem::imei() const {
  // TS 23.003 §6.2.1, Annex B: the Luhn check digit over the 14 digits.
  std::string d(14, '0');
  std::uint64_t v = imei14_;
  for (int i = 13; i >= 0; --i, v /= 10) d[i] = static_cast<char>('0' + v % 10);
  unsigned sum = 0;
  for (int i = 0; i < 14; ++i) {
    unsigned x = static_cast<unsigned>(d[i] - '0');
    if (i % 2 == 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
    sum += x;
  }
  d.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return d;
}

std::size_t Modem::bytes_per_modem() const {
  std::size_t n = sizeof(Modem);
  if (timers_) n += sizeof(CatTimers);
  if (pending_) n += sizeof(PendingEnvelope) + pending_->envelope.capacity();
  if (bip_) n += sizeof(BipChannel) + bip_->rx.capacity() + bip_->tx.capacity();
  return n;
}

void Modem::handle(CardPort& card, std::uint64_t now_ms, const ModemInput& in, std::vector<ModemOutput>& out,
                   const ApduTrace* trace) {
  Context c{card, CardExchange(card, cfg_->card, trace), now_ms, out};
  std::uint16_t fi;
  std::uint8_t di;
  if (speed_of_ta1(ta1_, fi, di)) c.ex.set_speed(fi, di);
  try {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, PowerOn>) {
            if (state_ == ModemState::Off || state_ == ModemState::CardFailed) power_up(c);
          } else if constexpr (std::is_same_v<T, PowerOff>) {
            // TS 24.301 §5.5.2.2: detach with "switch off", then contact
            // deactivation (TS 102 221 §6.4).
            if (state_ == ModemState::Registered || state_ == ModemState::Attaching || state_ == ModemState::Sleeping)
              c.emit(SendDetachRequest{true}, cfg_->tech.nas_message_ms);
            card.power_off();
            state_ = ModemState::Off;
            end_card_session(c);
            flags_ &= static_cast<std::uint8_t>(~kRestartPending);
          } else if constexpr (std::is_same_v<T, BrownOut>) {
            // A module that is off has nothing to lose.
            if (state_ == ModemState::Off && !(flags_ & kRestartPending)) return;
            card.power_off();
            state_ = ModemState::Off;
            end_card_session(c);
            flags_ |= kRestartPending;
            c.emit(ScheduleTimer{ModemTimer::Restart, 0}, cfg_->restart_ms);
          } else if constexpr (std::is_same_v<T, EnterPsm>) {
            if (state_ == ModemState::Registered && cfg_->card_off_in_psm) {
              // TS 102 221 §6.4: contacts deactivated; the registration stays.
              end_card_session(c);
              card.power_off();
              state_ = ModemState::Sleeping;
            }
          } else if constexpr (std::is_same_v<T, LeavePsm>) {
            if (state_ == ModemState::Sleeping) leave_psm(c);
          } else if constexpr (std::is_same_v<T, AuthenticationRequest>) {
            on_auth(c, v);
          } else if constexpr (std::is_same_v<T, AttachAccept>) {
            on_accept(c, v);
          } else if constexpr (std::is_same_v<T, AttachReject>) {
            on_reject(c, v);
          } else if constexpr (std::is_same_v<T, AuthenticationReject>) {
            on_auth_reject(c);
          } else if constexpr (std::is_same_v<T, NetworkDetach>) {
            on_network_detach(c, v);
          } else if constexpr (std::is_same_v<T, UpdateReject>) {
            on_update_reject(c, v);
          } else if constexpr (std::is_same_v<T, MtSms>) {
            on_mt_sms(c, v);
          } else if constexpr (std::is_same_v<T, MoSmsResult>) {
            on_mo_result(c, v);
          } else if constexpr (std::is_same_v<T, TimerExpired>) {
            on_timer(c, v);
          } else if constexpr (std::is_same_v<T, ChannelDataReceived>) {
            on_channel_data(c, v);
          } else if constexpr (std::is_same_v<T, ChannelLinkDropped>) {
            on_channel_dropped(c, v);
          } else if constexpr (std::is_same_v<T, ChannelLinkEstablished>) {
            on_channel_established(c, v);
          } else if constexpr (std::is_same_v<T, LocalEmergencyProfile>) {
            local_emergency_profile(c, v.enable);
          }
        },
        in);
  } catch (const cardcore::PowerLoss&) {
    power_lost(c);
  } catch (const ModemCardError& e) {
    card_failed(c, e.what());
  }
}

void Modem::end_card_session(Context& c) {
  // What lived with the card session: toolkit timers, a waiting envelope,
  // a SEND SHORT MESSAGE in progress, the BIP channel (TS 102 223 §6.4.27:
  // channels do not survive a UICC reset).
  timers_.reset();
  pending_.reset();
  sms_command_ = 0;
  if (bip_) {
    c.emit(CloseBearer{bip_->id});
    bip_.reset();
  }
}

void Modem::power_lost(Context& c) {
  // The card lost power in an NVM program (it is unpowered now): the module
  // notices the dead interface and starts over (TS 102 221 §6.4: new
  // activation).
  c.port.power_off();
  state_ = ModemState::Off;
  end_card_session(c);
  flags_ |= kRestartPending;
  c.report(ModemEvent::CardPowerLost);
  c.emit(ScheduleTimer{ModemTimer::Restart, 0}, cfg_->restart_ms);
}

void Modem::card_failed(Context& c, const std::string& why, std::uint16_t sw) {
  if (c.rp_owed) {
    c.rp_owed = false;
    c.emit(SendRpError{111, {}});  // TS 24.011 §8.2.5.4 #111 protocol error, unspecified
  }
  c.port.power_off();
  state_ = ModemState::CardFailed;
  end_card_session(c);
  c.report(ModemEvent::CardFailed, sw, why);
  // The module's host tries the card again later (a new activation, TS 102
  // 221 §6.4), when configured to.
  if (cfg_->card_retry_s > 0) {
    flags_ |= kRestartPending;
    c.emit(ScheduleTimer{ModemTimer::Restart, 0}, std::uint64_t{cfg_->card_retry_s} * 1000);
  }
}

void Modem::start_attach(Context& c) {
  if (flags_ & kHomeForbidden) {
    state_ = ModemState::Deregistered;
    c.report(ModemEvent::HomePlmnForbidden);
    return;
  }
  // TS 24.301 §5.3.9.2: no attach while T3346 runs; its expiry starts it.
  if (flags_ & kT3346Running) {
    state_ = ModemState::Deregistered;
    return;
  }
  SendAttachRequest r;
  r.imsi = imsi();
  if (flags_ & kGutiValid) r.m_tmsi = m_tmsi_;
  r.access_class = acc_;
  state_ = ModemState::Attaching;
  const std::uint64_t send = cfg_->tech.rrc_setup_ms + cfg_->tech.nas_message_ms;
  c.emit(std::move(r), send);
  // T3410 / T3310 runs from the ATTACH REQUEST.
  const std::uint64_t guard = c.t() + send + cfg_->tech.attach_guard_s * 1000ull;
  attach_due_ms_lo_ = static_cast<std::uint32_t>(guard);
  c.out.push_back(ModemOutput{guard, ScheduleTimer{ModemTimer::AttachGuard, 0}, {}});
}

void Modem::on_auth(Context& c, const AuthenticationRequest& a) {
  if (state_ != ModemState::Attaching && state_ != ModemState::Registered) return;
  // TS 31.102 §7.1.2.1: AUTHENTICATE, 3G/EPS context (P2 '81').
  Bytes data;
  data.push_back(16);
  data.insert(data.end(), a.rand.begin(), a.rand.end());
  data.push_back(16);
  data.insert(data.end(), a.autn.begin(), a.autn.end());
  const ByteView r = c.ex.exchange(apdu(0x00, 0x88, 0x00, 0x81, data));
  const std::uint64_t send = cfg_->tech.nas_message_ms;
  if (c.ex.sw() == cardcore::sw::kMemoryProblem) {
    // TS 102 221 §10.2.1.4 '6581' memory problem: the USIM could not store
    // the SQN it accepted (TS 33.102 §6.3.3), so it gives no RES. A card
    // that cannot write is a failed card to the module (no AUTHENTICATION
    // FAILURE cause fits a card fault): it stops using it.
    card_failed(c, "AUTHENTICATE answered '6581' (memory problem)", c.ex.sw());
    return;
  }
  if (c.ex.sw() == cardcore::sw::kAuthenticationError) {
    // TS 24.301 §5.4.2.6 c: cause #20 MAC failure.
    c.emit(SendAuthenticationFailure{20, std::nullopt}, send);
    c.report(ModemEvent::AuthMacFailure);
    return;
  }
  const ByteView d = c.ex.data();
  if (sw_ok(c.ex.sw()) && d.size() >= 2 && d[0] == 0xDB && d[1] >= 4 && d[1] <= 16 && d.size() >= 2u + d[1]) {
    SendAuthenticationResponse res;
    res.res.assign(d.begin() + 2, d.begin() + 2 + d[1]);
    c.emit(std::move(res), send);
  } else if (sw_ok(c.ex.sw()) && d.size() == 16 && d[0] == 0xDC && d[1] == 14) {
    // TS 24.301 §5.4.2.6 d: cause #21 synch failure with AUTS.
    std::array<std::uint8_t, 14> auts{};
    std::copy(d.begin() + 2, d.end(), auts.begin());
    c.emit(SendAuthenticationFailure{21, auts}, send);
    c.report(ModemEvent::AuthSyncFailure);
  } else {
    // Neither: the modem cannot answer the challenge (cause #20 is the
    // closest the network understands; reported with the SW).
    c.emit(SendAuthenticationFailure{20, std::nullopt}, send);
    c.report(ModemEvent::AuthCardError, c.ex.sw(), r.size() > 2 ? "AUTHENTICATE answered no RES and no AUTS" : "");
  }
  run_proactive(c);
}

void Modem::on_accept(Context& c, const AttachAccept& a) {
  if (state_ != ModemState::Attaching) return;
  plmn_ = a.plmn;
  tac_ = a.tac;
  cell_id_ = a.cell_id;
  m_tmsi_ = a.m_tmsi;
  flags_ |= kGutiValid;
  attempts_ = 0;
  const std::uint8_t select_p2 = 0x0C;  // no response data
  if (cfg_->tech.eps()) {
    // TS 31.102 §4.2.91 EF.EPSLOCI: GUTI (TS 24.301 §9.9.3.12: length 0B,
    // type 'F6', PLMN, MMEGI, MMEC, M-TMSI), last visited TAI, EPS update
    // status 0 "updated".
    const Bytes sel = {0x6F, 0xE3};
    c.ex.exchange(apdu(0x00, 0xA4, 0x00, select_p2, sel));
    if (c.ex.sw() == cardcore::sw::kOk) {
      Bytes e = {0x0B, 0xF6, a.plmn[0], a.plmn[1], a.plmn[2], static_cast<std::uint8_t>(a.mme_group_id >> 8),
                 static_cast<std::uint8_t>(a.mme_group_id), a.mme_code,
                 static_cast<std::uint8_t>(a.m_tmsi >> 24), static_cast<std::uint8_t>(a.m_tmsi >> 16),
                 static_cast<std::uint8_t>(a.m_tmsi >> 8), static_cast<std::uint8_t>(a.m_tmsi),
                 a.plmn[0], a.plmn[1], a.plmn[2], static_cast<std::uint8_t>(a.tac >> 8),
                 static_cast<std::uint8_t>(a.tac), 0x00};
      c.ex.exchange(apdu(0x00, 0xD6, 0x00, 0x00, e));
    }
  } else {
    // TS 31.102 §4.2.23 EF.PSLOCI: P-TMSI, P-TMSI signature (none: FF),
    // RAI (PLMN, LAC, RAC), routing area update status 0 "updated".
    const Bytes sel = {0x6F, 0x73};
    c.ex.exchange(apdu(0x00, 0xA4, 0x00, select_p2, sel));
    if (c.ex.sw() == cardcore::sw::kOk) {
      Bytes e = {static_cast<std::uint8_t>(a.m_tmsi >> 24), static_cast<std::uint8_t>(a.m_tmsi >> 16),
                 static_cast<std::uint8_t>(a.m_tmsi >> 8), static_cast<std::uint8_t>(a.m_tmsi), 0xFF, 0xFF, 0xFF,
                 a.plmn[0], a.plmn[1], a.plmn[2], static_cast<std::uint8_t>(a.tac >> 8),
                 static_cast<std::uint8_t>(a.tac), a.rac, 0x00};
      c.ex.exchange(apdu(0x00, 0xD6, 0x00, 0x00, e));
    }
  }
  state_ = ModemState::Registered;
  c.emit(CancelTimer{ModemTimer::AttachGuard, 0});
  c.report(ModemEvent::Registered);
  location_event(c);
  run_proactive(c);
}

void Modem::on_reject(Context& c, const AttachReject& r) {
  if (state_ != ModemState::Attaching) return;
  c.emit(CancelTimer{ModemTimer::AttachGuard, 0});
  c.report(ModemEvent::AttachRejected, r.emm_cause);
  // TS 24.301 §5.5.1.2.5: #3 illegal UE, #6 illegal ME, #7 EPS services not
  // allowed, #8: the USIM is invalid until switched off; GUTI deleted, EPS
  // update status EU3 ROAMING NOT ALLOWED (2) stored.
  if (r.emm_cause == 3 || r.emm_cause == 6 || r.emm_cause == 7 || r.emm_cause == 8) {
    invalidate_usim(c);
    run_proactive(c);
    return;
  }
  // §5.5.1.2.5 #22 congestion: with a T3346 value IE that is neither zero
  // nor deactivated, back off for T3346; without one, or zero or
  // deactivated, it is the abnormal case of §5.5.1.2.6 (attach_failed).
  if (r.emm_cause == 22 && r.t3346) {
    const twinmodels::NasTimerValue v = twinmodels::decode_gprs_timer(*r.t3346, twinmodels::GprsTimerKind::Timer);
    if (!v.deactivated && v.duration > 0) {
      start_t3346(c, static_cast<std::uint64_t>(v.duration / twinmodels::kMs));
      run_proactive(c);
      return;
    }
  }
  attach_failed(c);
  run_proactive(c);
}

void Modem::start_t3346(Context& c, std::uint64_t ms) {
  // §5.5.1.2.5 #22: abort the attach, EMM-DEREGISTERED.ATTEMPTING-TO-ATTACH,
  // stop T3346 if running and start it with the value sent; the attach is
  // started again when it expires. The clause leaves the attach attempt
  // counter alone (our reading: unchanged). It says to use the value only
  // from an integrity protected reject, a random value of Table 10.2.1's
  // default range otherwise; the twin has no NAS security contexts and uses the
  // value sent (our choice: the network's T3346 is what a scenario sets).
  state_ = ModemState::Deregistered;
  flags_ |= kT3346Running;
  const std::uint64_t due = c.t() + ms;
  attach_due_ms_lo_ = static_cast<std::uint32_t>(due);
  c.out.push_back(ModemOutput{due, ScheduleTimer{ModemTimer::T3346, 0}, {}});
}

void Modem::resume_t3346(Context& c, const std::array<std::uint8_t, 9>& imsi_before) {
  if (!(flags_ & kT3346Running)) return;
  // §5.3.9.2: switched off while T3346 ran and on again with the same USIM
  // (our reading: the same IMSI in EF.IMSI), T3346 is restarted with what
  // was left, t1 - t, if anything was; otherwise it is not restarted. What
  // was left is read from the low 32 bits of its due time, bounded by the
  // longest T3346 (GPRS timer 2: 186 min).
  const std::uint64_t now = c.t();
  const auto left = static_cast<std::int32_t>(attach_due_ms_lo_ - static_cast<std::uint32_t>(now));
  const auto longest = static_cast<std::int64_t>(twinmodels::gprs_timer_max(twinmodels::GprsTimerKind::Timer) /
                                                 twinmodels::kMs);
  if (imsi_ == imsi_before && left > 0 && left <= longest) {
    c.out.push_back(ModemOutput{now + static_cast<std::uint64_t>(left), ScheduleTimer{ModemTimer::T3346, 0}, {}});
    return;
  }
  flags_ &= static_cast<std::uint8_t>(~kT3346Running);
}

void Modem::on_auth_reject(Context& c) {
  // TS 24.301 §5.4.2.5: in any state with a NAS procedure running.
  if (state_ != ModemState::Attaching && state_ != ModemState::Registered) return;
  c.emit(CancelTimer{ModemTimer::AttachGuard, 0});
  c.report(ModemEvent::AuthenticationRejected);
  invalidate_usim(c);
  run_proactive(c);
}

void Modem::invalidate_usim(Context& c) {
  // TS 24.301 §5.5.1.2.5 (#3, #6, #7, #8) and §5.4.2.5 (AUTHENTICATION
  // REJECT): the USIM is invalid until switched off; GUTI deleted, EPS
  // update status EU3 ROAMING NOT ALLOWED (2) stored.
  state_ = ModemState::Invalid;
  flags_ &= static_cast<std::uint8_t>(~kGutiValid);
  if (cfg_->tech.eps() && (flags_ & kEpsMmService)) {
    const Bytes sel = {0x6F, 0xE3};
    c.ex.exchange(apdu(0x00, 0xA4, 0x00, 0x0C, sel));
    if (c.ex.sw() == cardcore::sw::kOk) {
      Bytes e(18, 0xFF);
      e[12] = plmn_[0];
      e[13] = plmn_[1];
      e[14] = plmn_[2];
      e[15] = static_cast<std::uint8_t>(tac_ >> 8);
      e[16] = static_cast<std::uint8_t>(tac_);
      e[17] = 0x02;
      c.ex.exchange(apdu(0x00, 0xD6, 0x00, 0x00, e));
    }
  }
  enter_limited_service(c);
}

void Modem::attach_failed(Context& c) {
  // TS 24.301 §5.5.1.2.6: attempt counter; T3411 below 5, else T3402.
  state_ = ModemState::Deregistered;
  ++attempts_;
  std::uint64_t wait_s = cfg_->tech.attach_retry_s;
  if (attempts_ >= cfg_->tech.attach_attempts_max) {
    wait_s = cfg_->tech.attach_backoff_s;
    attempts_ = 0;
  }
  c.emit(ScheduleTimer{ModemTimer::AttachRetry, 0}, wait_s * 1000);
}

void Modem::on_timer(Context& c, const TimerExpired& t) {
  switch (t.timer) {
    case ModemTimer::Restart:
      if ((state_ == ModemState::Off || state_ == ModemState::CardFailed) && (flags_ & kRestartPending)) power_up(c);
      return;
    case ModemTimer::AttachGuard:
      if (state_ == ModemState::Attaching && static_cast<std::uint32_t>(c.now) == attach_due_ms_lo_) {
        c.report(ModemEvent::AttachTimedOut);
        attach_failed(c);
      }
      return;
    case ModemTimer::AttachRetry:
      if (state_ == ModemState::Deregistered) start_attach(c);
      return;
    case ModemTimer::LimitedServiceScan:
      // A scan of an earlier stay in limited service is stale.
      if (state_ == ModemState::Invalid && static_cast<std::uint32_t>(c.now) == attach_due_ms_lo_) limited_service_scan(c);
      return;
    case ModemTimer::T3346:
      // A T3346 stopped or restarted since it was scheduled is stale.
      if ((flags_ & kT3346Running) && static_cast<std::uint32_t>(c.now) == attach_due_ms_lo_) {
        flags_ &= static_cast<std::uint8_t>(~kT3346Running);
        if (state_ == ModemState::Deregistered) start_attach(c);
      }
      return;
    case ModemTimer::CardPoll:
      if (card_ready() && poll_interval_ms_ != 0 && c.now == poll_due_ms_) {
        // TS 102 221 §11.1.2 STATUS, P2 '0C': no data; the card may answer '91 XX'.
        c.ex.exchange(apdu(0x80, 0xF2, 0x00, 0x0C, {}));
        poll_due_ms_ = c.now + poll_interval_ms_;
        c.out.push_back(ModemOutput{poll_due_ms_, ScheduleTimer{ModemTimer::CardPoll, 0}, {}});
        run_proactive(c);
      }
      return;
    case ModemTimer::CatTimer:
      if (card_ready() && timers_ && t.id >= 1 && t.id <= 8 && timers_->deadline_ms[t.id - 1] == c.now) {
        timers_->deadline_ms[t.id - 1] = 0;
        // TS 102 223 §7.4: ENVELOPE (TIMER EXPIRATION).
        cardcore::cat::TimerExpiration e;
        e.timer.id = t.id;
        const std::uint32_t v = timers_->value_s[t.id - 1];
        e.value.hours = static_cast<std::uint8_t>(v / 3600);
        e.value.minutes = static_cast<std::uint8_t>(v / 60 % 60);
        e.value.seconds = static_cast<std::uint8_t>(v % 60);
        send_envelope(c, apdu(0x80, 0xC2, 0x00, 0x00, cardcore::cat::encode(e)), cardcore::cat::ber::kTimerExpiration,
                      0);
      }
      return;
    case ModemTimer::EnvelopeRetry:
      if (card_active() && pending_ && pending_->due_ms == c.now) {
        std::unique_ptr<PendingEnvelope> p = std::move(pending_);
        if (p->kind == cardcore::cat::ber::kSmsPpDownload) {
          c.rp_owed = true;
          sms_pp_download(c, p->envelope, p->tries, p->pid, p->dcs);
        } else {
          send_envelope(c, p->envelope, p->kind, p->tries);
        }
      }
      return;
  }
}

void Modem::location_event(Context& c) {
  // TS 102 223 §7.5.4: location status event when the service state changes.
  if (!(events_ & (1u << cardcore::cat::event::kLocationStatus)) || !card_active()) return;
  cardcore::cat::EventDownload e;
  e.event = cardcore::cat::event::kLocationStatus;
  // §8.27: 00 normal service, 01 limited service (camped on an acceptable
  // cell with the USIM invalid, TS 23.122 §3.1), 02 no service.
  const std::uint8_t status = state_ == ModemState::Registered ? 0x00 : state_ == ModemState::Invalid ? 0x01 : 0x02;
  e.location_status = cardcore::cat::LocationStatus{status};
  if (state_ == ModemState::Registered) {
    cardcore::cat::LocationInformation li;
    li.bytes = {plmn_[0], plmn_[1], plmn_[2], static_cast<std::uint8_t>(tac_ >> 8), static_cast<std::uint8_t>(tac_)};
    if (cfg_->tech.eps()) {
      const std::uint32_t ci = cell_id_ << 4 | 0x0F;
      li.bytes.insert(li.bytes.end(), {static_cast<std::uint8_t>(ci >> 24), static_cast<std::uint8_t>(ci >> 16),
                                       static_cast<std::uint8_t>(ci >> 8), static_cast<std::uint8_t>(ci)});
    } else {
      li.bytes.insert(li.bytes.end(), {static_cast<std::uint8_t>(cell_id_ >> 8), static_cast<std::uint8_t>(cell_id_)});
    }
    e.location = li;
  }
  send_envelope(c, apdu(0x80, 0xC2, 0x00, 0x00, cardcore::cat::encode(e)), cardcore::cat::ber::kEventDownload, 0);
}

}  // namespace twinmodels::modem
