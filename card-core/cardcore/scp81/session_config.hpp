#pragma once
// What one SCP81 session runs with: the triggering parameters of the push
// (trigger.hpp) over the security domain's own defaults (GP Amendment B:
// each parameter the push leaves out comes from the SD's configuration),
// and the PSK the security parameters name.
#include <functional>
#include <optional>
#include <string>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/scp81/trigger.hpp"

namespace cardcore::scp81 {

// The SD's configuration of its admin agent.
struct SessionDefaults {
  ConnectionParams connection;
  std::optional<SecurityParams> security;
  HttpPostParams http;
};

struct SessionConfig {
  cat::OpenChannel open;  // number 1: the card numbers its commands
  Bytes psk_identity;
  Bytes psk;
  std::string host;
  std::string uri;       // of the first POST
  std::string agent_id;  // X-Admin-From
  Bytes sd_aid;          // the SD the session belongs to: a script without X-Admin-Targeted-Application is its
  // The seed of the TLS client's randomness (reproducible records,
  // seeded_rand.hpp); none: OpenSSL's own. make_session_config leaves it
  // empty: the integrator sets it per session (e.g. from the EID and a
  // session counter).
  std::optional<Bytes> tls_seed;
};

// The key of key version `kvn`, key identifier `kid` of the SD, if it has one.
using PskLookup = std::function<std::optional<Bytes>(std::uint8_t kvn, std::uint8_t kid)>;

struct ConfigResult {
  SessionConfig value;
  std::string error;  // empty: ok
  bool ok() const { return error.empty(); }
};

// Refused, with the reason: no bearer, buffer size, transport level or data
// destination address after the merge; a transport other than TCP client
// mode (TS 102 223 §8.59 '02': this card does HTTPS over TCP only); no
// security parameters or no such PSK; no host, URI or agent ID.
ConfigResult make_session_config(const AdminTrigger& trigger, const SessionDefaults& defaults, ByteView sd_aid,
                                 const PskLookup& psk);

}  // namespace cardcore::scp81
