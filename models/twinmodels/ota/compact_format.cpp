#include "twinmodels/ota/compact_format.hpp"

#include <stdexcept>
#include <string>

#include "twinmodels/ota/capdu_form.hpp"
#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

Bytes encode_compact_script(std::span<const Bytes> commands) {
  Bytes out;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const Bytes& c = commands[i];
    // TS 102 226 §5.1.1: CLA INS P1 P2 P3 data, as TS 102 221 §7.3.1.1.
    if (!is_t0_command(c))
      throw std::invalid_argument("compact script command " + std::to_string(i) + " (" + cardcore::to_hex(c) +
                                  ") is not a T=0 command TPDU: CLA INS P1 P2 P3 and P3 data bytes or none");
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

CompactResponse decode_compact_response(ByteView d) {
  // TS 102 226 §5.1.2: number of commands (1), last SW (2), last data (X).
  if (d.size() < 3)
    throw OtaError(OtaError::Reason::MalformedResponseData,
                   "compact response of " + std::to_string(d.size()) +
                       " byte(s); TS 102 226 §5.1.2 needs the command count and a status word (3)");
  CompactResponse r;
  r.executed = d[0];
  r.last_sw = cardcore::be16(d.data() + 1);
  r.last_data.assign(d.begin() + 3, d.end());
  return r;
}

}  // namespace twinmodels::ota
