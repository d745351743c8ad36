// The proactive loop (TS 102 221 §7.4.2.2, TS 102 223 §6.3): '91 XX' ->
// FETCH -> execute -> TERMINAL RESPONSE, and the toolkit envelopes the
// modem sends (EVENT DOWNLOAD, TIMER EXPIRATION; '93 00' retried).
#include <algorithm>
#include <type_traits>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

using cardcore::ByteView;
using cardcore::Bytes;
namespace cat = cardcore::cat;
using namespace modem_flag;

namespace {

// Commands executed per input at most: a card that keeps queueing is
// served at the next poll instead.
constexpr int kMaxCommandsPerInput = 16;

// TS 23.040 §9.2.3.11 semi-octet: tens in the low nibble.
std::uint8_t semi_octet(unsigned v) { return static_cast<std::uint8_t>((v % 10) << 4 | (v / 10 % 10)); }

// Civil date from days since 1970-01-01 (proleptic Gregorian).
void civil(std::int64_t days, int& y, unsigned& m, unsigned& d) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

cat::Duration duration_of(std::uint32_t ms) {
  if (ms % 1000 == 0 && ms / 1000 <= 255) return {cat::Duration::kSeconds, static_cast<std::uint8_t>(ms / 1000)};
  if (ms % 100 == 0 && ms / 100 <= 255) return {cat::Duration::kTenths, static_cast<std::uint8_t>(ms / 100)};
  return {cat::Duration::kMinutes, static_cast<std::uint8_t>(std::min<std::uint32_t>(255, (ms + 59999) / 60000))};
}

std::uint32_t ms_of(const cat::Duration& d) {
  const std::uint32_t unit = d.unit == cat::Duration::kMinutes ? 60000 : d.unit == cat::Duration::kSeconds ? 1000 : 100;
  return unit * d.interval;
}

cat::TimerValue timer_value(std::uint64_t s) {
  s = std::min<std::uint64_t>(s, 99 * 3600 + 59 * 60 + 59);
  return {static_cast<std::uint8_t>(s / 3600), static_cast<std::uint8_t>(s / 60 % 60), static_cast<std::uint8_t>(s % 60)};
}

}  // namespace

void Modem::terminal_response(Context& c, const cat::TerminalResponse& r) {
  c.ex.exchange(apdu(0x80, 0x14, 0x00, 0x00, cat::encode(r)));
  if (!sw_ok(c.ex.sw())) c.report(ModemEvent::ProactiveUnsupported, r.details.type, "TERMINAL RESPONSE refused");
}

void Modem::run_proactive(Context& c) {
  for (int i = 0; i < kMaxCommandsPerInput && card_active() && c.ex.proactive_pending() && !awaiting_network(); ++i) {
    const std::uint16_t len = c.ex.proactive_pending();
    c.ex.clear_proactive();
    // TS 102 221 §11.2.3 FETCH (Le '00': 256 bytes).
    c.ex.exchange(apdu(0x80, 0x12, 0x00, 0x00, {}, len & 0xFF));
    if (c.ex.sw() != cardcore::sw::kOk) return;  // nothing there any more
    const Bytes command(c.ex.data().begin(), c.ex.data().end());
    if (!execute(c, command)) return;
  }
}

bool Modem::execute(Context& c, ByteView command) {
  const cat::Decoded<cat::CommandDetails> details = cat::check_proactive_command(command);
  if (!details.ok()) throw ModemCardError(std::string("FETCH: ") + details.error);
  cat::TerminalResponse tr;
  tr.details = details.value;
  c.report(ModemEvent::ProactiveCommand, details.value.type);
  const cat::Decoded<cat::ProactiveCommand> decoded = cat::decode_proactive_command(command);
  const auto unsupported = [&](std::uint8_t result) {
    tr.result.general = result;
    c.report(ModemEvent::ProactiveUnsupported, details.value.type);
    terminal_response(c, tr);
    return true;
  };
  if (!decoded.ok()) {
    switch (details.value.type) {
      case cat::command::kRefresh: case cat::command::kMoreTime: case cat::command::kPollInterval:
      case cat::command::kPollingOff: case cat::command::kSetUpEventList: case cat::command::kSendShortMessage:
      case cat::command::kProvideLocalInformation: case cat::command::kTimerManagement:
        return unsupported(cat::result::kDataNotUnderstood);
      default:
        return unsupported(cat::result::kTypeNotUnderstood);
    }
  }
  return std::visit(
      [&](const auto& cmd) -> bool {
        using T = std::decay_t<decltype(cmd)>;
        if constexpr (std::is_same_v<T, cat::Refresh>) {
          c.report(ModemEvent::Refresh, cmd.mode);
          const ModemState before_state = state_;
          const bool registered = state_ == ModemState::Registered || state_ == ModemState::Attaching;
          if (cmd.mode == cat::Refresh::kUiccReset) {
            // TS 102 223 §6.4.7: UICC reset, no TERMINAL RESPONSE; the whole
            // power-up and a new registration.
            if (registered) c.emit(SendDetachRequest{false}, cfg_->tech.nas_message_ms);
            c.ex.power_off();
            state_ = ModemState::Off;
            power_up(c);
            return false;
          }
          if (cmd.mode == cat::Refresh::kSteeringOfRoamingWlan) return unsupported(cat::result::kBeyondTerminalCapabilities);
          const std::string before = imsi();
          if (cmd.mode == cat::Refresh::kSteeringOfRoaming) {
            // TS 31.111 §6.4.7: the list replaces the operator controlled
            // PLMN selector for the next PLMN selection (the RAN model's).
            tr.result.general = cat::result::kPerformed;
            terminal_response(c, tr);
            return true;
          }
          // File change (01), NAA initialisation (00, 02, 03), application
          // reset (05), session reset (06): the USIM's EFs again. §6.4.7: the
          // terminal sends the TERMINAL RESPONSE after the initialisation.
          if (!usim_init(c, false)) {
            // PIN now blocked or required: the USIM cannot be used (§8.12 '20').
            tr.result = {cat::result::kTerminalUnableNow, {0x00}};
            terminal_response(c, tr);
            return false;
          }
          tr.result.general = cat::result::kPerformed;
          terminal_response(c, tr);
          const bool naa_init = cmd.mode != cat::Refresh::kFileChange && cmd.mode != cat::Refresh::kNaaSessionReset;
          if (naa_init || imsi() != before) {
            if (registered) c.emit(SendDetachRequest{false}, cfg_->tech.nas_message_ms);
            start_attach(c);
          } else {
            state_ = before_state;  // the files changed, the registration (or attempt) stays
          }
          return true;
        } else if constexpr (std::is_same_v<T, cat::MoreTime>) {
          terminal_response(c, tr);
          return true;
        } else if constexpr (std::is_same_v<T, cat::PollInterval>) {
          // §6.4.6: the terminal says which interval it will use.
          poll_interval_ms_ = std::max(ms_of(cmd.interval), cfg_->min_poll_interval_ms);
          tr.duration = duration_of(poll_interval_ms_);
          terminal_response(c, tr);
          poll_due_ms_ = c.t() + poll_interval_ms_;
          c.out.push_back(ModemOutput{poll_due_ms_, ScheduleTimer{ModemTimer::CardPoll, 0}, {}});
          return true;
        } else if constexpr (std::is_same_v<T, cat::PollingOff>) {
          poll_interval_ms_ = 0;
          poll_due_ms_ = 0;
          c.emit(CancelTimer{ModemTimer::CardPoll, 0});
          terminal_response(c, tr);
          return true;
        } else if constexpr (std::is_same_v<T, cat::ProvideLocalInformation>) {
          switch (cmd.what) {
            case cat::ProvideLocalInformation::kLocation:
              if (state_ != ModemState::Registered) {
                // §8.12.2: '20' terminal unable, additional '06' no service.
                tr.result = {cat::result::kTerminalUnableNow, {0x06}};
                break;
              } else {
                cat::LocationInformation li;
                li.bytes = {plmn_[0], plmn_[1], plmn_[2], static_cast<std::uint8_t>(tac_ >> 8),
                            static_cast<std::uint8_t>(tac_)};
                if (cfg_->tech.eps()) {
                  const std::uint32_t ci = cell_id_ << 4 | 0x0F;  // TS 31.111 §8.19: 28 bits and 'F'
                  li.bytes.insert(li.bytes.end(), {static_cast<std::uint8_t>(ci >> 24), static_cast<std::uint8_t>(ci >> 16),
                                                   static_cast<std::uint8_t>(ci >> 8), static_cast<std::uint8_t>(ci)});
                } else {
                  li.bytes.insert(li.bytes.end(), {static_cast<std::uint8_t>(cell_id_ >> 8),
                                                   static_cast<std::uint8_t>(cell_id_)});
                }
                tr.location = li;
              }
              break;
            case cat::ProvideLocalInformation::kImei:
              tr.imei = cat::Imei::from_digits(imei());
              break;
            case cat::ProvideLocalInformation::kDateTimeTimeZone: {
              const std::int64_t s = cfg_->epoch_unix_s + static_cast<std::int64_t>(c.t() / 1000);
              int y;
              unsigned mo, d;
              civil(s / 86400, y, mo, d);
              const unsigned sod = static_cast<unsigned>(s % 86400);
              cat::DateTimeTimeZone dt;
              dt.bytes = {semi_octet(static_cast<unsigned>(y % 100)), semi_octet(mo), semi_octet(d),
                          semi_octet(sod / 3600), semi_octet(sod / 60 % 60), semi_octet(sod % 60), 0x00};
              tr.date_time = dt;
              break;
            }
            case cat::ProvideLocalInformation::kAccessTechnology:
              tr.access_technology = cat::AccessTechnology{{cfg_->tech.cat_access_technology}};
              break;
            default:
              // Network measurements, language, IMEISV, search mode: not in
              // this modem's profile.
              return unsupported(cat::result::kBeyondTerminalCapabilities);
          }
          terminal_response(c, tr);
          return true;
        } else if constexpr (std::is_same_v<T, cat::SetUpEventList>) {
          // §6.4.16: the modem reports location status, and data available
          // and channel status for BIP.
          std::uint32_t set = 0;
          for (const std::uint8_t e : cmd.events.events) {
            if (e != cat::event::kLocationStatus && e != cat::event::kDataAvailable && e != cat::event::kChannelStatus)
              return unsupported(cat::result::kBeyondTerminalCapabilities);
            set |= 1u << e;
          }
          events_ = set;
          terminal_response(c, tr);
          return true;
        } else if constexpr (std::is_same_v<T, cat::TimerManagement>) {
          const std::uint8_t i = static_cast<std::uint8_t>(cmd.timer.id - 1);
          if (i >= 8) return unsupported(cat::result::kDataNotUnderstood);
          if (!timers_) timers_ = std::make_unique<CatTimers>();
          tr.timer = cmd.timer;
          std::uint64_t& due = timers_->deadline_ms[i];
          const std::uint64_t now = c.t();
          if (cmd.action == cat::TimerManagement::kStart) {
            if (!cmd.value) return unsupported(cat::result::kRequiredValuesMissing);
            timers_->value_s[i] = cmd.value->total_seconds();
            due = now + cmd.value->total_seconds() * 1000ull;
            c.out.push_back(ModemOutput{due, ScheduleTimer{ModemTimer::CatTimer, cmd.timer.id}, {}});
          } else {
            // §6.4.21: deactivate / get value answer the time left; a timer
            // not running is a contradiction.
            if (due == 0) {
              tr.result.general = cat::result::kTimerStateContradiction;
              terminal_response(c, tr);
              return true;
            }
            tr.timer_value = timer_value(due > now ? (due - now + 999) / 1000 : 0);
            if (cmd.action == cat::TimerManagement::kDeactivate) {
              due = 0;
              c.emit(CancelTimer{ModemTimer::CatTimer, cmd.timer.id});
            }
          }
          terminal_response(c, tr);
          return true;
        } else if constexpr (std::is_same_v<T, cat::SendShortMessage>) {
          // §6.4.9: needs the network; the TERMINAL RESPONSE follows the RP-ACK.
          if (state_ != ModemState::Registered) {
            tr.result = {cat::result::kTerminalUnableNow, {0x06}};
            terminal_response(c, tr);
            return true;
          }
          if (cmd.packing_required) return unsupported(cat::result::kBeyondTerminalCapabilities);
          std::optional<cardcore::sms::Address> sc;
          if (cmd.address) {
            try {
              sc = cardcore::sms::decode_address_value([&] {
                Bytes v = {cmd.address->ton_npi};
                v.insert(v.end(), cmd.address->number.begin(), cmd.address->number.end());
                return v;
              }());
            } catch (const std::exception&) {
              return unsupported(cat::result::kDataNotUnderstood);
            }
          }
          sms_command_ = details.value.number;
          sms_qualifier_ = details.value.qualifier;
          c.emit(SendMoSms{sc, cmd.tpdu.tpdu}, cfg_->tech.nas_message_ms);
          return true;
        } else {
          // OPEN/CLOSE CHANNEL, SEND/RECEIVE DATA, GET CHANNEL STATUS.
          if (execute_bip(c, decoded.value, tr)) return true;
          return unsupported(cat::result::kBeyondTerminalCapabilities);
        }
      },
      decoded.value);
}

void Modem::on_mo_result(Context& c, const MoSmsResult& r) {
  if (sms_command_ == 0 || !card_ready()) return;
  cat::TerminalResponse tr;
  tr.details = {sms_command_, cat::command::kSendShortMessage, sms_qualifier_};
  sms_command_ = 0;
  // TS 31.111 §8.12: '35' with the RP-Cause, bit 8 zero.
  if (!r.delivered) tr.result = {cat::result::kSmsRpError, {static_cast<std::uint8_t>(r.rp_cause & 0x7F)}};
  terminal_response(c, tr);
  run_proactive(c);
}

void Modem::send_envelope(Context& c, const Bytes& envelope, std::uint8_t kind, std::uint8_t tries) {
  c.ex.exchange(envelope);
  if (c.ex.sw() == cardcore::sw::kBusy) {
    c.report(ModemEvent::EnvelopeBusy, kind);
    if (tries + 1 < cfg_->envelope_retries && !pending_) {
      pending_ = std::make_unique<PendingEnvelope>();
      pending_->envelope = envelope;
      pending_->kind = kind;
      pending_->tries = static_cast<std::uint8_t>(tries + 1);
      pending_->due_ms = c.t() + cfg_->envelope_retry_ms;
      c.out.push_back(ModemOutput{pending_->due_ms, ScheduleTimer{ModemTimer::EnvelopeRetry, 0}, {}});
    }
    return;
  }
  run_proactive(c);
}

}  // namespace twinmodels::modem
