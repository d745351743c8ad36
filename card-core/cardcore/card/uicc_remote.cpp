// Remote command sessions (TS 102 226 §7): the commands an OTA application
// runs on the card's own file system, through the same command handlers as
// the terminal's, in a context of their own (one logical channel, their own
// security status and GET RESPONSE data).
#include <stdexcept>

#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/card/session.hpp"
#include "cardcore/card/t0_transport.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

namespace {

// TS 102 226 §7.1 (UICC) / §7.2 (ADF): the RFM commands. Of those this card
// has: SELECT, READ/UPDATE BINARY, READ/UPDATE/SEARCH RECORD, INCREASE,
// DEACTIVATE and ACTIVATE FILE, CREATE, DELETE and RESIZE FILE (TS 102 222),
// VERIFY, CHANGE, DISABLE, ENABLE, UNBLOCK PIN, GET RESPONSE. Not here:
// TERMINATE DF/EF, SET/RETRIEVE DATA (the card has none of them), and what
// RFM never runs (STATUS, AUTHENTICATE, MANAGE CHANNEL, the toolkit
// commands).
bool remote_instruction(std::uint8_t ins) {
  switch (ins) {
    case 0xA4: case 0xB0: case 0xD6: case 0xB2: case 0xDC: case 0xA2: case 0x32: case 0x04: case 0x44:
    case 0xE0: case 0xE4: case 0xD4:
    case 0x20: case 0x24: case 0x26: case 0x28: case 0x2C: case kInsGetResponse:
      return true;
    default:
      return false;
  }
}

}  // namespace

Uicc::RemoteSession Uicc::begin_remote(std::uint32_t application, KeySet access, bool gsm) const {
  RemoteSession s;
  s.channel.open = true;
  s.gsm = gsm;
  if (gsm) {
    // TS 31.116: the SIM's RFM works in the GSM application's context.
    s.channel.df = application == kNoFile ? 0 : application;
  } else if (application != kNoFile) {
    // TS 102 226 §7.1, §7.2: the MF, or the application's ADF, is the
    // current directory at the start of the command session.
    s.channel.df = application;
    s.channel.adf = application;
  }
  s.keys = access;
  return s;
}

StatusWord Uicc::execute_remote(RemoteSession& rs, ByteView capdu, RemoteTransport transport, Bytes& data) {
  if (!session_) throw std::logic_error("Uicc::execute_remote: the card is not powered");
  data.clear();
  StatusWord err = sw::kOk;
  const auto c = parse_command_apdu(capdu, err);
  if (!c) {
    release_pending(rs.pending);
    return err;
  }
  // TS 102 221 §10.1.1: a remote session has one channel and no secure
  // messaging of its own (the secured packet protects it).
  const ClassByte cls = decode_class(c->cla);
  // A session takes the class of its application only (TS 31.116: 'A0'
  // for the SIM; TS 102 221 §10.1.1 for the UICC and its ADFs).
  if (rs.gsm) return cls.kind == ClassByte::Kind::Gsm ? execute_remote_gsm(rs, *c, data) : sw::kClaNotSupported;
  if (cls.kind == ClassByte::Kind::Invalid || cls.kind == ClassByte::Kind::Gsm) return sw::kClaNotSupported;
  if (cls.channel != 0) return sw::kLogicalChannelNotSupported;
  if (cls.secure_messaging) return sw::kSecureMessagingNotSupported;
  if (!remote_instruction(c->ins)) return sw::kInsNotSupported;
  bool proprietary = false;
  const Handler h = handler_for(c->ins, proprietary);
  if (!h) return sw::kInsNotSupported;
  if ((cls.kind == ClassByte::Kind::Interindustry) == proprietary) return sw::kClaNotSupported;

  if (c->ins == kInsGetResponse) return t0_get_response(*c, rs.pending, rs.pending_sw, data);
  release_pending(rs.pending);

  const Session::RemoteScope scope(*session_, rs);
  Response r;
  const StatusWord s = (this->*h)(*c, rs.channel, r);

  return remote_answer(*c, s, ByteView(r.data(), r.size()), transport == RemoteTransport::T0, rs.pending,
                       rs.pending_sw, data);
}

}  // namespace cardcore
