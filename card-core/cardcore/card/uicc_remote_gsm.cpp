// Remote command sessions of the SIM's RFM (TS 31.116, TS 102 226 §7.1 for
// the SIM): GSM class commands (CLA 'A0', TS 51.011 §9.2) run by the GSM
// application's handler on the session's own current directory, EF, record
// pointer, security status and GET RESPONSE data.
#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/card/session.hpp"
#include "cardcore/card/t0_transport.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

namespace {

// The TS 51.011 §9.2 commands of this card that RFM runs: SELECT, READ and
// UPDATE BINARY, READ and UPDATE RECORD, INCREASE, INVALIDATE, REHABILITATE,
// VERIFY, CHANGE, DISABLE, ENABLE and UNBLOCK CHV, GET RESPONSE. Not here:
// SEEK (the card has none), and what RFM never runs (STATUS, RUN GSM
// ALGORITHM, SLEEP, the toolkit commands).
bool remote_gsm_instruction(std::uint8_t ins) {
  switch (ins) {
    case 0xA4: case 0xB0: case 0xD6: case 0xB2: case 0xDC: case 0x32: case 0x04: case 0x44:
    case 0x20: case 0x24: case 0x26: case 0x28: case 0x2C: case kInsGetResponse:
      return true;
    default:
      return false;
  }
}

}  // namespace

StatusWord Uicc::execute_remote_gsm(RemoteSession& rs, const CommandApdu& c, Bytes& data) {
  // TS 51.011 §9.2: one channel, no logical channel or secure messaging bits.
  if (c.cla != 0xA0) return sw::gsm::kWrongClass;
  if (!remote_gsm_instruction(c.ins)) return sw::gsm::kUnknownIns;
  // P3 as the SIM reads it: Le of a case 2 command ('00' = 256), else Lc.
  const std::size_t p3 = c.kind == ApduCase::Case2 ? (c.ne == 256 ? 0 : c.ne) : c.data.size();

  if (c.ins == kInsGetResponse) {
    // §9.2.18 against the session's own data.
    if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
    if (c.kind != ApduCase::Case2) return sw::gsm::kIncorrectP3;
    if (rs.pending.empty()) return sw::gsm::kTechnicalProblem;
    if (p3 > rs.pending.size()) return static_cast<StatusWord>(0x6700 | (rs.pending.size() & 0xFF));
    const std::size_t n = p3 == 0 ? rs.pending.size() : p3;
    data.assign(rs.pending.begin(), rs.pending.begin() + static_cast<std::ptrdiff_t>(n));
    release_pending(rs.pending);
    return sw::kOk;
  }
  release_pending(rs.pending);

  const Session::RemoteScope scope(*session_, rs);
  Response r;
  const StatusWord s = dispatch_gsm(c, r);
  if (r.empty()) return s;
  // §9.4.1: READ BINARY, READ RECORD give their data at once; the others
  // (SELECT) answer '9F XX' and keep it for GET RESPONSE, whatever the
  // script's format: a SIM has no other way to answer.
  if (c.kind == ApduCase::Case2) {
    data.assign(r.data(), r.data() + r.size());
    return s;
  }
  rs.pending.assign(r.data(), r.data() + r.size());
  rs.pending_sw = s;
  return static_cast<StatusWord>(sw::gsm::kResponseData | (r.size() & 0xFF));
}

}  // namespace cardcore
