// Card Application Toolkit on the card: TERMINAL PROFILE, ENVELOPE, FETCH and
// TERMINAL RESPONSE (TS 102 221 §11.2), the proactive cycle (TS 102 223 §6.3),
// SMS-PP data download (TS 31.111 §7.1.1), timers (TS 102 223 §6.4.21, §7.4)
// and events (§6.4.16, §7.5).
#include <stdexcept>

#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/remote/sms_pp_receiver.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore {

namespace {

// TS 31.102 §4.2.8: service n°28, data download via SMS-PP.
constexpr unsigned kServiceSmsPpDownload = 28;

// The four toolkit commands take P1 = P2 = '00' (TS 102 221 §11.2.1-4).
bool p1p2_zero(const CommandApdu& c) { return c.p1 == 0 && c.p2 == 0; }

std::uint32_t event_bits(const std::vector<std::uint8_t>& events) {
  std::uint32_t bits = 0;
  for (std::uint8_t e : events) {
    if (e <= cat::event::kMaxRecorded) bits |= 1u << e;
  }
  return bits;
}

}  // namespace

// ------------------------------------------------------------ the terminal's commands

// TS 102 221 §11.2.1 TERMINAL PROFILE: the terminal's facilities (TS 102 223
// §5.2), kept for the session; a later one replaces it.
StatusWord Uicc::cmd_terminal_profile(const CommandApdu& c, Channel&, Response&) {
  if (!p1p2_zero(c)) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  session_->terminal_profile = cat::TerminalProfile(c.data);
  return sw::kOk;
}

// TS 102 221 §11.2.2 ENVELOPE: one BER-TLV. Malformed data: '6A80';
// envelopes this card does not take (menu selection, call control, CB
// download, ...): '6A81' function not supported.
StatusWord Uicc::cmd_envelope(const CommandApdu& c, Channel&, Response& r) {
  if (!p1p2_zero(c)) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  const tlv::Result<tlv::BerTlv> ber = tlv::parse_ber(c.data);
  if (!ber.ok()) return sw::kIncorrectData;
  switch (ber.value.tag) {
    case cat::ber::kSmsPpDownload: return envelope_sms_pp(c.data, r);
    case cat::ber::kEventDownload: return envelope_event(c.data);
    case cat::ber::kTimerExpiration: return envelope_timer(c.data);
    default: return sw::kFunctionNotSupported;
  }
}

// TS 31.102 §4.2.8: the USIM offers data download via SMS-PP when its EF.UST
// has service n°28; the card takes the download when that service is there
// and a handler is installed (or it has its own OTA receiver).
bool Uicc::sms_pp_service() const {
  const auto usim = profile_->find_adf(kUsimAidPrefix);
  return active_sms_pp() != nullptr && usim && usim_service(*usim, kServiceSmsPpDownload);
}

cat::SmsPpDownloadHandler* Uicc::active_sms_pp() const {
  if (sms_pp_) return sms_pp_;
  return profile_->ota ? &remote::SmsPpReceiver::instance() : nullptr;
}

// TS 31.111 §7.1.1. Without the service (no n°28 in EF.UST, or neither a
// handler nor the card's own OTA receiver) the ME should store the message
// in EF.SMS instead (§7.1.1.1); an ENVELOPE that comes anyway gets '6A81'
// function not supported (TS 102 221 §10.2.1.5), which the ME turns into an
// RP-ERROR: the network learns that the download failed, where '90 00'
// would acknowledge a message nobody read.
StatusWord Uicc::envelope_sms_pp(ByteView envelope, Response& r) {
  if (!sms_pp_service()) return sw::kFunctionNotSupported;
  cat::SmsPpDownload e;
  if (cat::decode(envelope, e)) return sw::kIncorrectData;
  const Bytes address = e.address ? [&] {
    Bytes b{e.address->ton_npi};
    b.insert(b.end(), e.address->number.begin(), e.address->number.end());
    return b;
  }() : Bytes{};
  cat::EnvelopeResult result;
  try {
    result = active_sms_pp()->on_sms_pp(*this, address, e.tpdu.tpdu);
  } catch (const PowerLoss&) {
    throw;
  } catch (...) {
    result = cat::EnvelopeResult::error();
  }
  after_handler();
  switch (result.status) {
    case cat::EnvelopeResult::Status::kOk:
      // The response data goes out with '61 XX' (TS 102 221 §7.3.1.1.4).
      if (!r.append(result.response)) return sw::kTechnicalProblem;
      return sw::kOk;
    case cat::EnvelopeResult::Status::kBusy: return sw::kBusy;
    case cat::EnvelopeResult::Status::kUnsupported: return sw::kFunctionNotSupported;
    case cat::EnvelopeResult::Status::kError: break;
  }
  return sw::kTechnicalProblem;
}

// A handler must leave the card powered and no NVM transaction open; one it
// left open (by an exception, or a bug) is rolled back.
void Uicc::after_handler() {
  if (!session_) throw std::logic_error("Uicc: a toolkit handler powered the card off");
  if (nvm_.in_transaction()) nvm_.abort();
}

// TS 102 223 §7.5: the event is recorded for card-side code to see.
StatusWord Uicc::envelope_event(ByteView envelope) {
  cat::EventDownload e;
  if (cat::decode(envelope, e)) return sw::kIncorrectData;
  session_->events_received |= event_bits({e.event});
  return sw::kOk;
}

// TS 102 223 §7.4: timer n expired after running for the given value.
StatusWord Uicc::envelope_timer(ByteView envelope) {
  cat::TimerExpiration e;
  if (cat::decode(envelope, e)) return sw::kIncorrectData;
  session_->timers[e.timer.id - 1u] = {cat::TimerState::kExpired, e.value};
  return sw::kOk;
}

// TS 102 221 §11.2.3 FETCH, case 2 with Le = the length '91 XX' gave. A
// wrong Le gets '6CXX' as in every case 2 command of this card and leaves the
// command waiting; nothing waiting gets '6985' conditions of use not
// satisfied, as GET RESPONSE with nothing to give does.
StatusWord Uicc::cmd_fetch(const CommandApdu& c, Channel&, Response& r) {
  if (!p1p2_zero(c)) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case2) return sw::kWrongLength;
  if (!proactive_announced()) return sw::kConditionsNotSatisfied;
  Session& s = *session_;
  const Bytes& next = s.proactive_queue.front();
  if (c.ne != next.size()) return static_cast<StatusWord>(sw::kWrongLe | (next.size() & 0xFF));
  r.append(next);
  s.proactive_fetched = std::move(s.proactive_queue.front());
  s.proactive_queue.erase(s.proactive_queue.begin());
  return sw::kOk;
}

// TS 102 221 §11.2.4 TERMINAL RESPONSE to the fetched command. None in
// progress: '6985'. Malformed data objects, or command details other than
// the fetched command's (TS 102 223 §6.8.1: identical number, type and
// qualifier): '6A80', and the command stays in progress.
StatusWord Uicc::cmd_terminal_response(const CommandApdu& c, Channel&, Response&) {
  if (!p1p2_zero(c)) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  Session& s = *session_;
  if (s.proactive_fetched.empty()) return sw::kConditionsNotSatisfied;
  cat::TerminalResponse tr;
  if (cat::decode(c.data, tr)) return sw::kIncorrectData;
  const cat::Decoded<cat::CommandDetails> fetched = cat::check_proactive_command(s.proactive_fetched);
  if (!fetched.ok() || tr.details != fetched.value) return sw::kIncorrectData;

  const Bytes command = std::move(s.proactive_fetched);
  s.proactive_fetched.clear();
  if (cat::result::performed(tr.result.general)) {
    if (fetched.value.type == cat::command::kSetUpEventList) {
      // §6.4.16: the new list replaces the old one.
      cat::SetUpEventList cmd;
      if (!cat::decode(command, cmd)) s.event_list = event_bits(cmd.events.events);
    } else if (fetched.value.type == cat::command::kTimerManagement) {
      // §6.4.21: the terminal started or deactivated the timer.
      cat::TimerManagement cmd;
      if (!cat::decode(command, cmd)) {
        cat::TimerState& t = s.timers[cmd.timer.id - 1u];
        if (cmd.action == cat::TimerManagement::kStart && cmd.value) t = {cat::TimerState::kRunning, *cmd.value};
        if (cmd.action == cat::TimerManagement::kDeactivate) t = {};
      }
    }
  } else if (tr.result.general == cat::result::kTimerStateContradiction && tr.timer) {
    // §8.12: the timer is not in the state the command assumed: not running.
    s.timers[tr.timer->id - 1u] = {};
  }
  if (cat::SmsPpDownloadHandler* h = active_sms_pp()) {
    try {
      h->on_terminal_response(*this, command, tr);
    } catch (const PowerLoss&) {
      throw;
    } catch (...) {
    }
    after_handler();
  }
  return sw::kOk;
}

// ------------------------------------------------------------ the proactive queue

bool Uicc::proactive_announced() const {
  const Session& s = *session_;
  return !s.terminal_profile.empty() && s.proactive_fetched.empty() && !s.proactive_queue.empty();
}

void Uicc::announce_proactive(std::uint8_t* sw) const {
  if (sw[0] != 0x90 || sw[1] != 0x00 || !session_ || !proactive_announced()) return;
  sw[0] = static_cast<std::uint8_t>(sw::kOkProactive >> 8);
  sw[1] = static_cast<std::uint8_t>(session_->proactive_queue.front().size() & 0xFF);  // 256 -> '00', as Le
}

bool Uicc::queue_proactive(Bytes command) {
  if (!session_ || session_->proactive_queue.size() >= kMaxQueuedProactive) return false;
  const cat::Decoded<cat::CommandDetails> d = cat::check_proactive_command(command);
  if (!d.ok()) return false;
  session_->proactive_queue.push_back(std::move(command));
  // Typed commands are numbered on from here (§8.6: '01'-'FE').
  const std::uint8_t n = d.value.number;
  session_->next_command_number = n == 0xFE ? 1 : static_cast<std::uint8_t>(n + 1);
  return true;
}

std::uint8_t Uicc::queue_proactive(cat::ProactiveCommand command) {
  if (!session_) return 0;
  const std::uint8_t number = session_->next_command_number;
  cat::command_number(command) = number;
  Bytes bytes;
  try {
    bytes = cat::encode(command);
  } catch (const std::exception&) {
    return 0;  // a data object over 65535 bytes
  }
  // Only what decodes back to the same command goes out.
  const cat::Decoded<cat::ProactiveCommand> again = cat::decode_proactive_command(bytes);
  if (!again.ok() || !(again.value == command)) return 0;
  if (!queue_proactive(std::move(bytes))) return 0;
  return number;
}

// ------------------------------------------------------------ what card-side code sees

const cat::TerminalProfile* Uicc::terminal_profile() const {
  return session_ && !session_->terminal_profile.empty() ? &session_->terminal_profile : nullptr;
}

std::size_t Uicc::proactive_queued() const { return session_ ? session_->proactive_queue.size() : 0; }

bool Uicc::proactive_in_progress() const { return session_ && !session_->proactive_fetched.empty(); }

cat::TimerState Uicc::timer(std::uint8_t id) const {
  if (!session_ || id < 1 || id > cat::TimerIdentifier::kCount) return {};
  return session_->timers[id - 1u];
}

std::uint32_t Uicc::event_list() const { return session_ ? session_->event_list : 0; }

std::uint32_t Uicc::events_received() const { return session_ ? session_->events_received : 0; }

}  // namespace cardcore
