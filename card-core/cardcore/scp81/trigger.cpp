// GP Amendment B Table 3-3: administration session triggering parameters.
#include "cardcore/scp81/trigger.hpp"

#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::scp81 {

namespace {

using namespace trigger_tag;

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// Header-safe text: printable ASCII, no space where `spaces` is false.
bool printable(ByteView v, bool spaces) {
  for (std::uint8_t c : v) {
    if (c < 0x20 || c > 0x7E) return false;
    if (c == ' ' && !spaces) return false;
  }
  return true;
}

const char* read_text(ByteView v, bool spaces, std::optional<std::string>& out, const char* twice,
                      const char* bad) {
  if (out) return twice;
  if (v.empty() || !printable(v, spaces)) return bad;
  out = std::string(v.begin(), v.end());
  return nullptr;
}

const char* read_security(ByteView v, SecurityParams& out) {
  // L PSK identity, L='02' KVN KID, [SHA type]
  if (v.empty()) return "empty security parameters";
  const std::size_t n = v[0];
  if (n == 0) return "empty PSK identity";
  if (v.size() < 1 + n + 1) return "security parameters truncated in the PSK identity";
  ByteView id = v.subspan(1, n);
  for (std::uint8_t c : id)
    if (c == 0) return "PSK identity with a NUL byte";
  ByteView rest = v.subspan(1 + n);
  if (rest[0] != 2) return "key identification not of 2 bytes (KVN, KID)";
  if (rest.size() < 3) return "security parameters truncated in the key identification";
  out.psk_identity.assign(id.begin(), id.end());
  out.key_version = rest[1];
  out.key_id = rest[2];
  rest = rest.subspan(3);
  if (rest.size() > 1) return "bytes after the security parameters";
  if (rest.size() == 1) out.sha_type = rest[0];
  return nullptr;
}

const char* read_http(ByteView v, HttpPostParams& out) {
  tlv::BerReader r(v);
  tlv::BerTlv t;
  while (r.next(t)) {
    const char* e = nullptr;
    switch (t.tag) {
      case kAdminHost: e = read_text(t.value, false, out.host, "two administration hosts", "bad administration host"); break;
      case kAgentId: e = read_text(t.value, true, out.agent_id, "two agent IDs", "bad agent ID"); break;
      case kAdminUri: e = read_text(t.value, false, out.uri, "two administration URIs", "bad administration URI"); break;
      default: return "unknown TLV in the HTTP POST parameters";
    }
    if (e) return e;
  }
  if (r.error() != tlv::Error::None) return "malformed HTTP POST parameters";
  return nullptr;
}

const char* read_session(ByteView v, AdminTrigger& out) {
  tlv::BerReader r(v);
  tlv::BerTlv t;
  while (r.next(t)) {
    switch (t.tag) {
      case kConnectionParameters: {
        if (out.connection) return "two connection parameters";
        auto c = decode_connection_params(t.value);
        if (!c.ok()) return c.error;
        out.connection = std::move(c.value);
        break;
      }
      case kSecurityParameters: {
        if (out.security) return "two security parameters";
        SecurityParams s;
        if (const char* e = read_security(t.value, s)) return e;
        out.security = std::move(s);
        break;
      }
      case kRetryPolicy: {
        if (out.retry) return "two retry policies";
        if (t.value.size() < 2) return "retry policy without its counter";
        out.retry = RetryPolicy{be16(t.value.data()), Bytes(t.value.begin() + 2, t.value.end())};
        break;
      }
      case kHttpPostParameters: {
        if (out.http) return "two HTTP POST parameters";
        HttpPostParams h;
        if (const char* e = read_http(t.value, h)) return e;
        out.http = std::move(h);
        break;
      }
      case 0xA5: return "extended security parameters are not supported";
      default: return "unknown TLV in the administration session parameters";
    }
  }
  if (r.error() != tlv::Error::None) return "malformed administration session parameters";
  return nullptr;
}

}  // namespace

Bytes encode(const AdminTrigger& t) {
  Bytes session;
  if (t.connection) tlv::put_ber(session, kConnectionParameters, encode(*t.connection));
  if (t.security) {
    const SecurityParams& s = *t.security;
    Bytes v;
    v.push_back(static_cast<std::uint8_t>(s.psk_identity.size()));
    v.insert(v.end(), s.psk_identity.begin(), s.psk_identity.end());
    v.insert(v.end(), {0x02, s.key_version, s.key_id});
    if (s.sha_type) v.push_back(*s.sha_type);
    tlv::put_ber(session, kSecurityParameters, v);
  }
  if (t.retry) {
    Bytes v(2);
    put_be16(v.data(), t.retry->counter);
    v.insert(v.end(), t.retry->rest.begin(), t.retry->rest.end());
    tlv::put_ber(session, kRetryPolicy, v);
  }
  if (t.http) {
    Bytes v;
    if (t.http->host) tlv::put_ber(v, kAdminHost, text_bytes(*t.http->host));
    if (t.http->agent_id) tlv::put_ber(v, kAgentId, text_bytes(*t.http->agent_id));
    if (t.http->uri) tlv::put_ber(v, kAdminUri, text_bytes(*t.http->uri));
    tlv::put_ber(session, kHttpPostParameters, v);
  }
  Bytes value;
  if (!session.empty() || t.http) tlv::put_ber(value, kSessionParameters, session);
  return tlv::make_ber(kTriggeringParameters, value);
}

cat::Decoded<AdminTrigger> decode_admin_trigger(ByteView data) {
  const tlv::Result<tlv::BerTlv> top = tlv::parse_ber(data);
  if (!top.ok()) return cat::refuse<AdminTrigger>("malformed triggering parameters TLV");
  if (top.value.tag != kTriggeringParameters) return cat::refuse<AdminTrigger>("not triggering parameters ('81')");
  AdminTrigger out;
  tlv::BerReader r(top.value.value);
  tlv::BerTlv t;
  bool seen = false;
  while (r.next(t)) {
    if (t.tag == 0xB3) return cat::refuse<AdminTrigger>("DNS resolution parameters are not supported");
    if (t.tag != kSessionParameters) return cat::refuse<AdminTrigger>("unknown TLV in the triggering parameters");
    if (seen) return cat::refuse<AdminTrigger>("two administration session parameters");
    seen = true;
    if (const char* e = read_session(t.value, out)) return cat::refuse<AdminTrigger>(e);
  }
  if (r.error() != tlv::Error::None) return cat::refuse<AdminTrigger>("malformed triggering parameters");
  return {std::move(out), nullptr};
}

}  // namespace cardcore::scp81
