#pragma once
// What the network and the platforms tell OneLink about one card: the
// events its caller (the engine, a test) reports, each with the caller's
// time in ms. OneLink has no clock and sees no signalling itself; these are
// the facts its status query, alerts and fault diagnosis are built from
// (the source document §3.2.1: online status, fault diagnosis).
#include <cstdint>
#include <optional>
#include <string>

namespace twinmodels::platform {

enum class CardEventKind : std::uint8_t {
  Registered,       // attach (or TAU) accepted; `imsi`: the IMSI the network saw
  Detached,         // the UE detached (switch-off) or the network detached it
  PsmEntered,       // the UE went into PSM (T3324 ran out); `next_reachable_ms`: its next periodic TAU, when known
  PsmLeft,          // the UE left PSM (periodic TAU or MO data): in service again
  EdrxEntered,      // the UE is in eDRX: reachable at its paging windows only
  EdrxLeft,
  PagingFailed,     // the network paged the UE and got no answer
  NoCell,           // the UE found no suitable cell (out of coverage)
  AttachTimedOut,   // an attach attempt got no answer (T3410 ran out)
  AttachRejected,   // ATTACH REJECT; `emm_cause` (TS 24.301 §9.9.3.9); `imsi` when seen
  AuthenticationRejected,  // AUTHENTICATION REJECT (TS 24.301 §5.4.2.5)
  AuthenticationFailure,   // the UE answered AUTHENTICATION FAILURE, `emm_cause` #20 MAC or #21 synch (§5.4.2.6)
  CardFailed,       // the card is unusable (no ATR, no USIM); `nvm_worn`: the report names NVM wear
  CardPowerLost,    // the card lost power while programming its NVM
  ProfileSwitched,  // the SM-SR reports the eUICC's enabled profile: `iccid` (and `imsi` when the EIS has it)
  Blocked,          // the operator blocked the subscription
  Unblocked,        // the operator lifted the block
};

const char* to_string(CardEventKind k);

struct CardEvent {
  CardEventKind kind = CardEventKind::Registered;
  std::int64_t at_ms = 0;
  std::string imsi;                               // the identity the network saw, when it saw one
  std::string iccid;                              // ProfileSwitched: the enabled profile
  std::uint8_t emm_cause = 0;                     // AttachRejected, AuthenticationFailure
  bool nvm_worn = false;                          // CardFailed
  std::optional<std::int64_t> next_reachable_ms;  // PsmEntered / EdrxEntered
};

// "t=1000 ms AttachRejected #3 Illegal UE imsi=460001234567890".
std::string describe(const CardEvent& e);

}  // namespace twinmodels::platform
