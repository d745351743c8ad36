// Power, transport and command dispatch of the UICC (TS 102 221 §6-§7, §10).
#include "cardcore/card/uicc.hpp"

#include <stdexcept>

#include "cardcore/card/session.hpp"
#include "cardcore/card/t0_transport.hpp"

namespace cardcore {

namespace ins {
// TS 102 221 §10.1.2 Table 10.5: instruction codes.
inline constexpr std::uint8_t kSelect = 0xA4;
inline constexpr std::uint8_t kStatus = 0xF2;
inline constexpr std::uint8_t kReadBinary = 0xB0;
inline constexpr std::uint8_t kUpdateBinary = 0xD6;
inline constexpr std::uint8_t kReadRecord = 0xB2;
inline constexpr std::uint8_t kUpdateRecord = 0xDC;
inline constexpr std::uint8_t kSearchRecord = 0xA2;
inline constexpr std::uint8_t kIncrease = 0x32;
inline constexpr std::uint8_t kDeactivateFile = 0x04;
inline constexpr std::uint8_t kActivateFile = 0x44;
inline constexpr std::uint8_t kVerify = 0x20;
inline constexpr std::uint8_t kChangePin = 0x24;
inline constexpr std::uint8_t kDisablePin = 0x26;
inline constexpr std::uint8_t kEnablePin = 0x28;
inline constexpr std::uint8_t kUnblockPin = 0x2C;
inline constexpr std::uint8_t kAuthenticate = 0x88;
inline constexpr std::uint8_t kManageChannel = 0x70;
inline constexpr std::uint8_t kGetResponse = 0xC0;
inline constexpr std::uint8_t kTerminalProfile = 0x10;
inline constexpr std::uint8_t kEnvelope = 0xC2;
inline constexpr std::uint8_t kFetch = 0x12;
inline constexpr std::uint8_t kTerminalResponse = 0x14;
// TS 102 222 §6 (Table 2): the administrative commands.
inline constexpr std::uint8_t kCreateFile = 0xE0;
inline constexpr std::uint8_t kDeleteFile = 0xE4;
inline constexpr std::uint8_t kResizeFile = 0xD4;
}  // namespace ins

Uicc::Uicc(std::shared_ptr<const ProfileTemplate> profile)
    : profile_(std::move(profile)), nvm_(profile_->nvm) {}
Uicc::~Uicc() = default;
Uicc::Uicc(Uicc&&) noexcept = default;
Uicc& Uicc::operator=(Uicc&&) noexcept = default;

ByteView Uicc::power_on() {
  // The file table pointer took padding (session.hpp): a card that never
  // creates a file costs no byte more; the script chain's slot costs 8.
  static_assert(sizeof(void*) != 8 || sizeof(Session) == 232, "Session grew: see session.hpp");
  session_.reset();
  nvm_.recover();
  auto s = std::make_unique<Session>();
  s->channels.resize(profile_->max_logical_channels);
  // TS 102 221 §8.4.1: after reset the MF is the current DF of the basic channel.
  s->channels[0].open = true;
  s->files = FileTable::load(*profile_, nvm_);
  session_ = std::move(s);
  return profile_->atr;
}

void Uicc::power_off() { session_.reset(); }

KeySet& Uicc::keys() { return session_->remote ? session_->remote->keys : session_->verified; }
const KeySet& Uicc::keys() const { return session_->remote ? session_->remote->keys : session_->verified; }

std::vector<Bytes>* Uicc::held_segments() { return session_ ? &session_->held_segments : nullptr; }
std::unique_ptr<Uicc::ChainedSession>* Uicc::chained_session() { return session_ ? &session_->chained : nullptr; }

std::size_t Uicc::state_bytes() const {
  std::size_t n = sizeof(Uicc) + nvm_.delta_bytes() - sizeof(Nvm);
  if (session_) {
    const Session& s = *session_;
    n += sizeof(Session) + s.channels.capacity() * sizeof(Channel) + s.pending.capacity();
    // The queues of proactive commands and held segments by count, not
    // capacity: emptied, they keep the capacity they grew to, which a
    // session restored from a checkpoint does not have, and the measure
    // must not tell a resumed run from the original.
    n += s.terminal_profile.bytes().capacity() + s.proactive_fetched.capacity() +
         s.proactive_queue.size() * sizeof(Bytes);
    for (const Bytes& b : s.proactive_queue) n += b.capacity();
    n += s.held_segments.size() * sizeof(Bytes);
    for (const Bytes& b : s.held_segments) n += b.capacity();
    if (s.chained) n += sizeof(ChainedSession) + s.chained->session.pending.capacity();
    if (s.files) n += s.files->bytes();
  }
  return n;
}

Bytes Uicc::transmit(ByteView capdu) {
  std::array<std::uint8_t, kMaxRapdu> buf;
  const std::size_t n = transmit(capdu, buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
}

std::size_t Uicc::transmit(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out) {
  if (!session_) throw std::logic_error("Uicc::transmit: the card is not powered");
  Response r;
  StatusWord err = sw::kOk;
  const auto c = parse_command_apdu(capdu, err);
  if (!c) {
    release_pending(session_->pending);
    put_be16(out.data(), err);
    return 2;
  }
  const ClassByte cls = decode_class(c->cla);
  StatusWord s;
  bool gsm = false;
  std::uint8_t channel = cls.channel;
  try {
    if (cls.kind == ClassByte::Kind::Invalid) {
      s = sw::kClaNotSupported;
    } else if (cls.kind == ClassByte::Kind::Gsm) {
      gsm = true;
      channel = 0;
      s = dispatch_gsm(*c, r);
    } else if (cls.channel >= session_->channels.size() || !session_->channels[cls.channel].open) {
      s = sw::kLogicalChannelNotSupported;
    } else if (cls.secure_messaging) {
      s = sw::kSecureMessagingNotSupported;
    } else {
      s = dispatch(*c, cls, r);
    }
  } catch (const PowerLoss&) {
    session_.reset();  // the card is unpowered: nothing is answered
    throw;
  }
  const std::size_t n = finish(*c, channel, gsm, s, r, out);
  // TS 102 221 §10.2.1.1, TS 102 223 §6.3: '91 XX' instead of '90 00' while
  // a proactive command waits, whatever the command and logical channel.
  if (!gsm) announce_proactive(out.data() + n - 2);
  return n;
}

Uicc::Handler Uicc::handler_for(std::uint8_t instruction, bool& proprietary) {
  proprietary = false;
  switch (instruction) {
    case ins::kSelect: return &Uicc::cmd_select;
    case ins::kReadBinary: return &Uicc::cmd_read_binary;
    case ins::kUpdateBinary: return &Uicc::cmd_update_binary;
    case ins::kReadRecord: return &Uicc::cmd_read_record;
    case ins::kUpdateRecord: return &Uicc::cmd_update_record;
    case ins::kSearchRecord: return &Uicc::cmd_search_record;
    case ins::kDeactivateFile: return &Uicc::cmd_deactivate_file;
    case ins::kActivateFile: return &Uicc::cmd_activate_file;
    case ins::kVerify: return &Uicc::cmd_verify;
    case ins::kChangePin: return &Uicc::cmd_change_pin;
    case ins::kDisablePin: return &Uicc::cmd_disable_pin;
    case ins::kEnablePin: return &Uicc::cmd_enable_pin;
    case ins::kUnblockPin: return &Uicc::cmd_unblock_pin;
    case ins::kAuthenticate: return &Uicc::cmd_authenticate;
    case ins::kManageChannel: return &Uicc::cmd_manage_channel;
    case ins::kGetResponse: return &Uicc::cmd_get_response;
    case ins::kCreateFile: return &Uicc::cmd_create_file;
    case ins::kDeleteFile: return &Uicc::cmd_delete_file;
    default: break;
  }
  proprietary = true;
  switch (instruction) {
    case ins::kStatus: return &Uicc::cmd_status;
    case ins::kTerminalProfile: return &Uicc::cmd_terminal_profile;
    case ins::kEnvelope: return &Uicc::cmd_envelope;
    case ins::kFetch: return &Uicc::cmd_fetch;
    case ins::kTerminalResponse: return &Uicc::cmd_terminal_response;
    case ins::kIncrease: return &Uicc::cmd_increase;
    case ins::kResizeFile: return &Uicc::cmd_resize_file;
    default: return nullptr;
  }
}

StatusWord Uicc::dispatch(const CommandApdu& c, const ClassByte& cls, Response& r) {
  Channel& ch = session_->channels[cls.channel];
  bool proprietary = false;
  const Handler h = handler_for(c.ins, proprietary);
  if (!h) return sw::kInsNotSupported;
  // TS 102 221 §10.1.2 Table 10.5: each command has one class family.
  if ((cls.kind == ClassByte::Kind::Interindustry) == proprietary) return sw::kClaNotSupported;
  if (c.ins != ins::kGetResponse) release_pending(session_->pending);
  return (this->*h)(c, ch, r);
}

std::size_t Uicc::finish(const CommandApdu& c, std::uint8_t channel, bool gsm, StatusWord s,
                         Response& r, std::span<std::uint8_t, kMaxRapdu> out) {
  Session& ss = *session_;
  const bool get_response = c.ins == ins::kGetResponse;
  if (r.empty() || get_response) {
    // Nothing to hold back: the data (if any) and the status word go out as they are.
    std::memcpy(out.data(), r.data(), r.size());
    put_be16(out.data() + r.size(), s);
    return r.size() + 2;
  }
  if (gsm && c.kind == ApduCase::Case2) {
    // TS 51.011 §9.2: READ BINARY, READ RECORD, STATUS return their data at once.
    std::memcpy(out.data(), r.data(), r.size());
    put_be16(out.data() + r.size(), s);
    return r.size() + 2;
  }
  if (gsm) {
    // TS 51.011 §9.4.1: '9FXX', the data waits for GET RESPONSE.
    ss.pending.assign(r.data(), r.data() + r.size());
    ss.pending_sw = s;
    ss.pending_gsm = true;
    ss.pending_channel = 0;
    put_be16(out.data(), static_cast<StatusWord>(sw::gsm::kResponseData | (r.size() & 0xFF)));
    return 2;
  }
  // TS 102 221 §7.3.1.1: case 2 answers at once ('6CXX' on a wrong Le),
  // case 3/4 keeps the data for GET RESPONSE.
  const T0Answer a = t0_answer(c, s, r.size());
  if (a.hold) {
    ss.pending.assign(r.data(), r.data() + r.size());
    ss.pending_gsm = false;
    ss.pending_channel = channel;
    ss.pending_sw = a.held_sw;
  }
  std::memcpy(out.data(), r.data(), a.send);
  put_be16(out.data() + a.send, a.sw);
  return a.send + 2;
}

// TS 102 221 §11.1.16 GET RESPONSE.
StatusWord Uicc::cmd_get_response(const CommandApdu& c, Channel&, Response& r) {
  Session& ss = *session_;
  const std::uint8_t channel = decode_class(c.cla).channel;
  if (c.p1 != 0 || c.p2 != 0) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case2) return sw::kWrongLength;
  if (ss.pending.empty() || ss.pending_gsm || ss.pending_channel != channel) {
    release_pending(ss.pending);
    return sw::kConditionsNotSatisfied;
  }
  const std::size_t avail = ss.pending.size();
  if (c.ne > avail) return static_cast<StatusWord>(sw::kWrongLe | (avail & 0xFF));
  r.append(ByteView(ss.pending.data(), c.ne));
  if (c.ne == avail) {
    release_pending(ss.pending);
    return ss.pending_sw;
  }
  ss.pending.erase(ss.pending.begin(), ss.pending.begin() + c.ne);
  return static_cast<StatusWord>(sw::kMoreData | ((avail - c.ne) & 0xFF));
}

StatusWord Uicc::commit() {
  return nvm_.commit() == CommitResult::Ok ? sw::kOk : sw::kMemoryProblem;
}

void Uicc::reload_file_table() { session_->files = FileTable::load(*profile_, nvm_); }

}  // namespace cardcore
