// libFuzzer harness on SCP81's network-facing decoders (card-core/cardcore/
// scp81/): the push's triggering parameters and connection parameters, and
// the HTTP response parser fed in pieces, then what the admin agent makes
// of a complete response. Each must give a value or a reason and never
// crash, hang or corrupt memory; an accepted trigger must round-trip.
//
// Input: [split][bytes...]; `split` sets the size of the pieces the parser
// gets (1..256).
#include <cstdint>
#include <cstdlib>

#include "cardcore/scp81/admin_response.hpp"
#include "cardcore/scp81/http_message.hpp"
#include "cardcore/scp81/trigger.hpp"

using namespace cardcore;
using namespace cardcore::scp81;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = std::size_t{data[0]} + 1;
  const ByteView in(data + 1, size - 1);

  const auto t = decode_admin_trigger(in);
  if (t.ok()) {
    const auto again = decode_admin_trigger(encode(t.value));
    if (!again.ok() || !(again.value == t.value)) std::abort();
  }
  (void)decode_connection_params(in);

  HttpParser p(HttpParser::Kind::Response);
  for (std::size_t at = 0; at < in.size(); at += piece) p.feed(in.subspan(at, std::min(piece, in.size() - at)));
  p.finish();
  if (p.state() == HttpParser::State::Complete) (void)interpret_admin_response(p.message());
  HttpParser q(HttpParser::Kind::Request);
  q.feed(in);
  q.finish();
  return 0;
}
