#pragma once
// The card's volatile state while powered (RAM): lost at power-off.
#include <array>
#include <memory>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/cat/timer_state.hpp"
#include "cardcore/fs/file_table.hpp"

namespace cardcore {

// The members are ordered by size, not by meaning, so that the file table
// pointer costs no byte: it takes what was padding (sizeof is checked in
// uicc.cpp). The comments group them.
struct Uicc::Session {
  std::vector<Channel> channels;  // index = logical channel number
  // GET RESPONSE buffer (TS 102 221 §7.3.1.1.4 / TS 51.011 §9.2.18).
  Bytes pending;
  // Card Application Toolkit (uicc_cat.cpp). The terminal sends its TERMINAL
  // PROFILE after every reset (TS 102 223 §5.1), so all of it is volatile.
  cat::TerminalProfile terminal_profile;  // empty until TERMINAL PROFILE
  std::vector<Bytes> proactive_queue;      // not yet fetched, oldest first
  Bytes proactive_fetched;                 // fetched, awaiting its TERMINAL RESPONSE; empty = none
  // OTA (card/uicc_remote.cpp, remote/): segments of concatenated secured
  // packets held until complete, and the remote command session that
  // execute_remote() runs a command in (null outside it; never saved).
  std::vector<Bytes> held_segments;
  RemoteSession* remote = nullptr;
  // The card's created and deleted files (TS 102 222), read from its NVM at
  // power-up and after each administrative command; null while it has none.
  std::unique_ptr<FileTable> files;
  // The command session of a script chain (TS 102 226 §5.2.1.4) between its
  // secured packets; null when no chain is open.
  std::unique_ptr<ChainedSession> chained;
  KeySet verified;                // key references verified since reset
  // GSM application state (TS 51.011 §8): its own current file.
  std::uint32_t gsm_df = 0;
  std::uint32_t gsm_ef = kNoFile;
  std::uint32_t event_list = 0;            // SET UP EVENT LIST in force: bit e = event e
  std::uint32_t events_received = 0;       // events downloaded since power-up (§7.5)
  StatusWord pending_sw = sw::kOk;         // with `pending`
  std::uint16_t gsm_record = 0;
  std::uint8_t pending_channel = 0;
  bool pending_gsm = false;
  std::uint8_t next_command_number = 1;    // TS 102 223 §8.6: '01'-'FE'
  std::array<cat::TimerState, cat::TimerIdentifier::kCount> timers;  // timer n at [n - 1]

  // Points the session at a remote command session while one of its
  // commands runs (keys(), effective_keys() and the handlers read `remote`).
  struct RemoteScope {
    Session& s;
    RemoteScope(Session& session, RemoteSession& r) : s(session) { s.remote = &r; }
    ~RemoteScope() { s.remote = nullptr; }
    RemoteScope(const RemoteScope&) = delete;
    RemoteScope& operator=(const RemoteScope&) = delete;
  };
};

}  // namespace cardcore
