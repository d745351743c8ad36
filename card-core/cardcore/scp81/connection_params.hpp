#pragma once
// The BIP connection parameters a push carries: COMPREHENSION-TLV data
// objects of OPEN CHANNEL (TS 102 223 §6.6.27.3), as the PUSH command's
// data for "BIP channel opening" (TS 102 226 §9.2.1) and the connection
// parameters '84' of GP Amendment B's administration session triggering
// parameters (Table 3-3, §3.8.1) hold them. Every object is optional: what
// is missing comes from the card's defaults (TS 102 226 §9.2.1: the objects
// of the push take precedence).
#include <optional>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/cat/objects.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

struct ConnectionParams {
  std::optional<cat::AlphaIdentifier> alpha;
  std::optional<cat::BearerDescription> bearer;
  std::optional<cat::BufferSize> buffer;
  std::optional<cat::NetworkAccessName> apn;
  std::optional<cat::TextString> login;
  std::optional<cat::TextString> password;
  std::optional<cat::TransportLevel> transport;
  std::optional<cat::OtherAddress> destination;  // the data destination address
  bool operator==(const ConnectionParams&) const = default;
  bool empty() const { return *this == ConnectionParams{}; }
};

// The objects in the order of OPEN CHANNEL (§6.6.27.3), CR flags set.
Bytes encode(const ConnectionParams& p);

// Strict: the input is data objects only; each known object at most once
// (two text strings: the login, then the password); no local address (TS
// 102 226 §9.2.1: "Other address (local address)" shall not be included);
// login and password both or neither (§9.2.1, the card answers '6A 80');
// an Other address only after the transport level (it is then the data
// destination address, §6.6.27.3); objects OPEN CHANNEL does not have are
// refused (the push has no use for them: our reading), as are malformed
// ones. The reason names the fault.
cat::Decoded<ConnectionParams> decode_connection_params(ByteView data);

// `over` on top of `base`: each object of `over` replaces `base`'s.
ConnectionParams merge(const ConnectionParams& base, const ConnectionParams& over);

}  // namespace cardcore::scp81
