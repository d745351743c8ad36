#pragma once
// What one Modem::handle() call works with (modem*.cpp only).
#include <array>
#include <utility>

#include "twinmodels/modem/modem.hpp"

namespace twinmodels::modem {

struct Modem::Context {
  CardPort& port;
  CardExchange ex;
  std::uint64_t now;
  std::vector<ModemOutput>& out;
  // An MT SMS waits for its RP-ACK / RP-ERROR (sent if the card fails).
  bool rp_owed = false;

  // Now, plus what the card exchanges of this input took so far.
  std::uint64_t t() const { return now + ex.elapsed_us() / 1000; }
  void emit(ModemAction a, std::uint64_t after_ms = 0, std::string error = {}) {
    out.push_back(ModemOutput{t() + after_ms, std::move(a), std::move(error)});
  }
  void report(ModemEvent e, std::uint16_t detail = 0, std::string error = {}) {
    emit(Report{e, detail}, 0, std::move(error));
  }
};

struct Modem::CatTimers {
  std::array<std::uint64_t, 8> deadline_ms{};  // 0: not running
  std::array<std::uint32_t, 8> value_s{};      // the value it was started with
};

struct Modem::PendingEnvelope {
  cardcore::Bytes envelope;
  std::uint64_t due_ms = 0;
  std::uint8_t kind = 0;  // ber tag: 'D1' SMS-PP download, 'D7' timer expiration
  std::uint8_t tries = 0;
  std::uint8_t pid = 0;   // of the SMS-DELIVER, for its report
  std::uint8_t dcs = 0;
};

struct Modem::BipChannel {
  cardcore::Bytes rx;  // received, not read by the card yet
  cardcore::Bytes tx;  // SEND DATA stored, not sent yet
  std::uint16_t buffer = 0;
  std::uint8_t id = 1;
  std::uint8_t further_info = 0;  // §8.56 byte 2: '05' link dropped
  bool established = false;
  // §6.4.27, immediate link establishment: the OPEN CHANNEL whose TERMINAL
  // RESPONSE waits for the link (its command number, 0: answered), and
  // what that response repeats.
  std::uint8_t opening = 0;
  std::uint8_t open_qualifier = 0;  // its command details' qualifier, echoed
  std::uint16_t asked_buffer = 0;
  std::uint8_t bearer_type = 0;
  cardcore::Bytes bearer_parameters;
};

namespace modem_flag {
inline constexpr std::uint8_t kGutiValid = 0x01;       // EF.EPSLOCI / EF.PSLOCI hold a valid temporary identity
inline constexpr std::uint8_t kSmsPpService = 0x02;    // EF.UST service n°28 data download via SMS-PP
inline constexpr std::uint8_t kEpsMmService = 0x04;    // EF.UST service n°85 EPS MM information
inline constexpr std::uint8_t kHomeForbidden = 0x08;   // the home PLMN is in EF.FPLMN
inline constexpr std::uint8_t kProfileSent = 0x10;     // TERMINAL PROFILE sent this card session
inline constexpr std::uint8_t kRestartPending = 0x20;  // off after a brown-out / power loss, restart scheduled
inline constexpr std::uint8_t kSmsStorage = 0x40;      // EF.UST service n°10 short message storage (EF.SMS)
inline constexpr std::uint8_t kT3346Running = 0x80;    // T3346 runs (due: attach_due_ms_lo_), no attach until it expires
}  // namespace modem_flag

// C-APDU helpers (TS 102 221 §10.1, §11).
cardcore::Bytes apdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, cardcore::ByteView data,
                     int le = -1);
bool sw_ok(cardcore::StatusWord s);  // '90 00' or '91 XX'

}  // namespace twinmodels::modem
