// GP Amendment B §3.8: the push's parameters over the SD's defaults.
#include "cardcore/scp81/session_config.hpp"

namespace cardcore::scp81 {

namespace {

ConfigResult refuse(std::string why) { return {SessionConfig{}, std::move(why)}; }

template <class T>
const std::optional<T>& pick(const std::optional<T>& pushed, const std::optional<T>& fallback) {
  return pushed ? pushed : fallback;
}

}  // namespace

ConfigResult make_session_config(const AdminTrigger& trigger, const SessionDefaults& defaults, ByteView sd_aid,
                                 const PskLookup& psk) {
  const ConnectionParams c =
      trigger.connection ? merge(defaults.connection, *trigger.connection) : defaults.connection;
  if (!c.bearer) return refuse("no bearer description");
  if (!c.buffer) return refuse("no buffer size");
  if (!c.transport) return refuse("no transport level");
  if (c.transport->protocol != cat::TransportLevel::kTcpClientRemote)
    return refuse("transport level not TCP client mode");
  if (!c.destination) return refuse("no data destination address");

  const std::optional<SecurityParams>& s = pick(trigger.security, defaults.security);
  if (!s) return refuse("no security parameters (PSK identity, key)");
  std::optional<Bytes> key = psk ? psk(s->key_version, s->key_id) : std::nullopt;
  if (!key || key->empty()) return refuse("no PSK with that key version and identifier");

  const HttpPostParams none;
  const HttpPostParams& h = trigger.http ? *trigger.http : none;
  const std::optional<std::string>& host = pick(h.host, defaults.http.host);
  const std::optional<std::string>& uri = pick(h.uri, defaults.http.uri);
  const std::optional<std::string>& agent = pick(h.agent_id, defaults.http.agent_id);
  if (!host) return refuse("no administration host");
  if (!uri) return refuse("no administration URI");
  if (!agent) return refuse("no agent ID");

  SessionConfig out;
  out.open.qualifier = cat::OpenChannel::kImmediateLink;
  out.open.alpha = c.alpha;
  out.open.bearer = *c.bearer;
  out.open.buffer = *c.buffer;
  out.open.apn = c.apn;
  out.open.login = c.login;
  out.open.password = c.password;
  out.open.transport = c.transport;
  out.open.destination = c.destination;
  out.psk_identity = s->psk_identity;
  out.psk = std::move(*key);
  out.host = *host;
  out.uri = *uri;
  out.agent_id = *agent;
  out.sd_aid.assign(sd_aid.begin(), sd_aid.end());
  return {std::move(out), {}};
}

}  // namespace cardcore::scp81
