// TS 102 226 §9.2.1, GP Amendment B Table 3-3 '84': OPEN CHANNEL objects.
#include "cardcore/scp81/connection_params.hpp"

#include "cardcore/cat/object_list.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::scp81 {

Bytes encode(const ConnectionParams& p) {
  Bytes out;
  cat::put(out, p.alpha);
  cat::put(out, p.bearer);
  cat::put(out, p.buffer);
  cat::put(out, p.apn);
  cat::put(out, p.login);
  cat::put(out, p.password);
  cat::put(out, p.transport);
  cat::put(out, p.destination);
  return out;
}

namespace {

// Reads one object into an empty slot.
template <class T>
const char* take(const tlv::Ctlv& t, std::optional<T>& slot, const char* twice) {
  if (slot) return twice;
  T v;
  if (const char* e = cat::read(t.value, v)) return e;
  slot = std::move(v);
  return nullptr;
}

}  // namespace

cat::Decoded<ConnectionParams> decode_connection_params(ByteView data) {
  ConnectionParams p;
  tlv::CtlvReader reader(data);
  tlv::Ctlv t;
  while (reader.next(t)) {
    const char* e = nullptr;
    switch (t.tag) {
      case cat::tag::kAlphaIdentifier: e = take(t, p.alpha, "two Alpha identifier objects"); break;
      case cat::tag::kBearerDescription: e = take(t, p.bearer, "two Bearer description objects"); break;
      case cat::tag::kBufferSize: e = take(t, p.buffer, "two Buffer size objects"); break;
      case cat::tag::kNetworkAccessName: e = take(t, p.apn, "two Network access name objects"); break;
      case cat::tag::kTextString:
        e = p.login ? take(t, p.password, "more than two Text string objects (login, password)")
                    : take(t, p.login, "");
        break;
      case cat::tag::kTransportLevel: e = take(t, p.transport, "two transport level objects"); break;
      case cat::tag::kOtherAddress:
        // §6.6.27.3: before the transport level it would be the local address.
        if (!p.transport) return cat::refuse<ConnectionParams>("local address in a push (TS 102 226 §9.2.1)");
        e = take(t, p.destination, "two data destination addresses");
        break;
      default: return cat::refuse<ConnectionParams>("data object OPEN CHANNEL does not have");
    }
    if (e) return cat::refuse<ConnectionParams>(e);
  }
  if (reader.error() != tlv::Error::None) return cat::refuse<ConnectionParams>("malformed data object");
  if (p.destination && (p.destination->null || (p.destination->type != cat::OtherAddress::kIpv4 &&
                                                 p.destination->type != cat::OtherAddress::kIpv6)))
    return cat::refuse<ConnectionParams>("data destination address neither IPv4 nor IPv6");
  if (p.login.has_value() != p.password.has_value())
    return cat::refuse<ConnectionParams>("login without password (TS 102 226 §9.2.1)");
  return {std::move(p), nullptr};
}

ConnectionParams merge(const ConnectionParams& base, const ConnectionParams& over) {
  ConnectionParams m = base;
  if (over.alpha) m.alpha = over.alpha;
  if (over.bearer) m.bearer = over.bearer;
  if (over.buffer) m.buffer = over.buffer;
  if (over.apn) m.apn = over.apn;
  if (over.login) {
    m.login = over.login;
    m.password = over.password;
  }
  if (over.transport) m.transport = over.transport;
  if (over.destination) m.destination = over.destination;
  return m;
}

}  // namespace cardcore::scp81
