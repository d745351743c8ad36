#pragma once
// The device modem: the terminal side of the UICC (TS 102 221, TS 31.102
// §5.1), of the card application toolkit (TS 102 223, TS 31.111) and of the
// NAS procedures the twin needs (EPS/GPRS attach, AKA, SMS), as a
// deterministic event-driven state machine. The engine hands it one input
// at a time with the current simulated time and the card's contacts; the
// modem talks to the card with real APDUs at once and returns what it does,
// each output stamped with the time it happens at (card exchange times and
// radio timings added). Nothing runs between inputs; a timer the modem no
// longer expects when it fires is ignored, so the engine never needs to
// take one back.
//
// Per-modem state is small (bytes_per_modem()); the configuration is shared
// by a population. Split by purpose: modem.cpp (power, attach, dispatch),
// usim_init.cpp (USIM initialisation), modem_proactive.cpp (the proactive
// loop), modem_sms.cpp (SMS-PP download and MT SMS), modem_emergency.cpp
// (the emergency profile's local enable and disable),
// modem_limited_service.cpp (limited service with the USIM invalid).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "twinmodels/modem/card_exchange.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinmodels/modem/technology.hpp"

namespace cardcore::cat {
struct TerminalResponse;
}

namespace twinmodels::modem {

struct ModemConfig {
  TechnologyTimings tech = default_timings(Technology::NbIot);
  CardTiming card;
  // The supply classes the modem offers (TS 102 221 §6.2.1 bits: 1 A 5 V,
  // 2 B 3 V, 4 C 1.8 V); power-up fails when the ATR's class indicator
  // shares none.
  std::uint8_t supply_classes = 0x06;
  // PIN1 the modem verifies when the card asks for it (ASCII digits, 4..8);
  // empty: the modem has none (IoT modules usually have no keypad).
  std::string pin;
  // Deactivate the card in PSM (EnterPsm) and activate and initialise it
  // again when leaving it (docs/MODELS.md: our reading of IoT modules' deep
  // sleep; UICC suspension, TS 102 221 §11.1.22, is not modelled).
  bool card_off_in_psm = true;
  // Module restart after a brown-out or a card power loss until the card is
  // activated again, ms.
  std::uint32_t restart_ms = 2000;
  // After a card failure (CardFailed), the module activates the card again
  // this long after, s (a host that resets its SIM interface); 0: it stays
  // failed until the module is switched off and on.
  std::uint32_t card_retry_s = 0;
  // Shortest STATUS polling interval the modem accepts (TS 102 223 §6.4.6:
  // the terminal may use another interval than asked and says which), ms.
  std::uint32_t min_poll_interval_ms = 1000;
  // An ENVELOPE the card answered '93 00': retry interval and tries before
  // the SMS-PP download is refused (TS 31.111 §7.1.1), ms / count.
  std::uint32_t envelope_retry_ms = 2000;
  std::uint8_t envelope_retries = 3;
  // In limited service with the USIM invalid (EMM-DEREGISTERED.NO-IMSI,
  // TS 24.301 §5.5.1.2.5), the interval of the modem's search for a
  // suitable cell (TS 36.304 §5.2.8: "regularly"; the interval ours), ms.
  // Each search leaves the cell and camps again: two location status
  // changes for a card that asked for the event (TS 102 223 §7.5.4).
  std::uint32_t limited_service_scan_ms = 60000;
  // BIP: the largest channel buffer the modem grants (TS 102 223 §6.4.27:
  // less than asked is "performed with modification"), bytes; and the time
  // to activate the bearer and connect, ms.
  std::uint16_t bip_buffer_max = 1500;
  std::uint32_t bip_connect_ms = 1500;
  // Unix time of simulated time 0 (PROVIDE LOCAL INFORMATION date-time).
  std::int64_t epoch_unix_s = 1780000000;  // 2026-05-28
  // The TERMINAL PROFILE the modem sends (TS 102 223 §5.2); empty: the
  // facilities of this modem for its technology (terminal_profile_for).
  cardcore::cat::TerminalProfile terminal_profile;
  static cardcore::cat::TerminalProfile terminal_profile_for(Technology t);
  cardcore::cat::TerminalProfile effective_terminal_profile() const {
    return terminal_profile.empty() ? terminal_profile_for(tech.technology) : terminal_profile;
  }
};

enum class ModemState : std::uint8_t {
  Off,          // card unpowered
  CardFailed,   // the card could not be used; stays until power-off/on
  PinLocked,    // PIN required, wrong or blocked: unregistered (TS 31.102 §5.1.1.2)
  Deregistered, // USIM ready, not attached (waiting for a retry, or detached)
  Attaching,    // attach request sent (EMM-REGISTERED-INITIATED)
  Registered,   // EMM-REGISTERED
  Invalid,      // the network rejected the USIM (TS 24.301 §5.5.1.2.5 #3/#6/#7/#8)
  Sleeping,     // EMM-REGISTERED in PSM with the card deactivated (ModemConfig::card_off_in_psm)
};
const char* to_string(ModemState s);

class Modem {
 public:
  // imei: the 14 digits TAC + serial (TS 23.003 §6.2.1); the check digit is
  // computed. cfg is shared and must outlive the modem.
  Modem(const ModemConfig& cfg, std::uint64_t imei14);
  ~Modem();
  Modem(Modem&&) noexcept;
  Modem& operator=(Modem&&) noexcept;

  // Processes one input at now_ms; appends what follows to out.
  void handle(CardPort& card, std::uint64_t now_ms, const ModemInput& in, std::vector<ModemOutput>& out,
              const ApduTrace* trace = nullptr);

  ModemState state() const { return state_; }
  // The IMSI read from EF.IMSI (digits), empty before.
  std::string imsi() const;
  std::uint8_t mnc_length() const { return mnc_len_; }
  std::uint16_t access_class() const { return acc_; }
  std::uint32_t poll_interval_ms() const { return poll_interval_ms_; }
  // The toolkit events the card asked for (bit e = event e).
  std::uint32_t event_list() const { return events_; }
  // Whether the card's BIP channel is open (TS 102 223 §6.4.27).
  bool channel_open() const { return bip_ != nullptr; }
  // The room left in the open BIP channel's receive buffer (TS 102 223
  // §6.4.27: the buffer size OPEN CHANNEL granted), 0 with none open: what
  // the far end may send now (TCP's flow control).
  std::size_t channel_room() const;
  std::string imei() const;

  // Bytes this modem holds: the object, and the timers, envelope and BIP
  // channel it keeps only while they are in use.
  std::size_t bytes_per_modem() const;

  // Checkpoints: the modem's whole state but its shared configuration, as
  // versioned bytes (layout in modem_state.cpp), and the state put back. A
  // restored modem answers every later input as the saved one would.
  // restore_state throws std::invalid_argument ("modem state: ...", with the
  // field and offset) for bytes that are truncated, of another version or
  // IMEI, or hold values the modem never has; the modem is unchanged then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

  // Internal (modem_*.cpp).
  struct Context;
  struct CatTimers;
  struct PendingEnvelope;
  struct BipChannel;

 private:
  void power_up(Context& c);
  // Cold reset, ATR checks and the interface speed (TS 102 221 §6.2, §6.3).
  void activate_card(Context& c);
  void leave_psm(Context& c);
  bool usim_init(Context& c, bool send_terminal_profile);
  void start_attach(Context& c);
  void on_auth(Context& c, const AuthenticationRequest& a);
  void on_accept(Context& c, const AttachAccept& a);
  void on_reject(Context& c, const AttachReject& r);
  void attach_failed(Context& c);
  // TS 24.301 §5.3.9.2, §5.5.1.2.5: T3346 started for `ms` at the back-off
  // of #22; resumed at power-up with the same USIM (imsi_before: EF.IMSI of
  // the last card session) if time is left.
  void start_t3346(Context& c, std::uint64_t ms);
  void resume_t3346(Context& c, const std::array<std::uint8_t, 9>& imsi_before);
  void on_auth_reject(Context& c);
  // The network's DETACH REQUEST and a TAU or service reject (modem_detach.cpp).
  void on_network_detach(Context& c, const NetworkDetach& d);
  void on_update_reject(Context& c, const UpdateReject& r);
  void invalidate_usim(Context& c);
  // Limited service with the USIM invalid (modem_limited_service.cpp): the
  // location status the card is told, and the regular cell search.
  void enter_limited_service(Context& c);
  void limited_service_scan(Context& c);
  void on_timer(Context& c, const TimerExpired& t);
  void on_mt_sms(Context& c, const MtSms& m);
  void on_mo_result(Context& c, const MoSmsResult& r);
  // TS 23.038 §4 class 2: the message in a free EF.SMS record; its number,
  // 0 when EF.SMS is full.
  unsigned store_sms(Context& c, const MtSms& m);
  void sms_pp_download(Context& c, const cardcore::Bytes& envelope, std::uint8_t tries, std::uint8_t pid,
                       std::uint8_t dcs);
  void send_envelope(Context& c, const cardcore::Bytes& envelope, std::uint8_t kind, std::uint8_t tries);
  void run_proactive(Context& c);
  // Executes one fetched command; false when it ended the session (UICC reset).
  bool execute(Context& c, cardcore::ByteView command);
  void terminal_response(Context& c, const cardcore::cat::TerminalResponse& r);
  void location_event(Context& c);
  // BIP (modem_bip.cpp): true when the command was a channel command.
  bool execute_bip(Context& c, const cardcore::cat::ProactiveCommand& cmd, cardcore::cat::TerminalResponse& tr);
  void on_channel_data(Context& c, const ChannelDataReceived& d);
  void on_channel_dropped(Context& c, const ChannelLinkDropped& d);
  void on_channel_established(Context& c, const ChannelLinkEstablished& e);
  cardcore::cat::TerminalResponse open_channel_response() const;
  // A TERMINAL RESPONSE waits for the network (SEND SHORT MESSAGE's RP-ACK,
  // OPEN CHANNEL's link): no other proactive command is fetched meanwhile.
  bool awaiting_network() const;
  void channel_event(Context& c, std::uint8_t event);
  // The device's local enable / disable of the emergency profile through
  // the ISD-R on a logical channel (modem_emergency.cpp).
  void local_emergency_profile(Context& c, bool enable);
  void power_lost(Context& c);
  void end_card_session(Context& c);
  // `sw`: the status word that made the card unusable (the report's
  // detail), 0 when it was no status word.
  void card_failed(Context& c, const std::string& why, std::uint16_t sw = 0);
  bool card_ready() const {
    return state_ == ModemState::Deregistered || state_ == ModemState::Attaching || state_ == ModemState::Registered;
  }
  // The UICC powered and initialised: with the USIM invalid for NAS
  // (TS 24.301 §5.5.1.2.5) the card's toolkit session goes on (TS 102 223:
  // envelopes and proactive commands do not depend on registration).
  bool card_active() const { return card_ready() || state_ == ModemState::Invalid; }

  const ModemConfig* cfg_;
  std::uint64_t imei14_;
  std::uint64_t poll_due_ms_ = 0;
  std::unique_ptr<CatTimers> timers_;           // only after TIMER MANAGEMENT
  std::unique_ptr<PendingEnvelope> pending_;    // only while an ENVELOPE waits after '93 00'
  std::unique_ptr<BipChannel> bip_;             // only while a BIP channel is open
  std::uint32_t poll_interval_ms_ = 0;          // 0: no proactive polling
  std::uint32_t events_ = 0;                    // SET UP EVENT LIST
  std::uint32_t m_tmsi_ = 0;                    // from EF.EPSLOCI / EF.PSLOCI, or the accept
  std::uint32_t cell_id_ = 0;
  std::uint32_t attach_due_ms_lo_ = 0;          // low bits of the guard timer's (T3346's, the limited service scan's) time, to spot stale ones
  std::uint16_t tac_ = 0;
  std::uint16_t acc_ = 0;
  std::array<std::uint8_t, 9> imsi_{};          // EF.IMSI as read
  std::array<std::uint8_t, 3> plmn_{};          // serving PLMN
  ModemState state_ = ModemState::Off;
  std::uint8_t mnc_len_ = 2;
  std::uint8_t attempts_ = 0;                   // attach attempt counter
  std::uint8_t flags_ = 0;                      // kFlag* in modem.cpp
  std::uint8_t sms_command_ = 0;                // SEND SHORT MESSAGE waiting for its RP-ACK: command number
  std::uint8_t sms_qualifier_ = 0;
  std::uint8_t ta1_ = 0x11;                     // the interface speed of this card session (ATR TA1)
};

}  // namespace twinmodels::modem
