// Checkpoints of the card's SCP03 session (GlobalPlatform Card
// Specification v2.3 Amendment D §7): the session is volatile on a real
// card; the simulator saves it with the card that holds it. Layout in
// euicc/STATE-FORMAT.md ("SCP03 session").
#include <string>

#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_state_fields.hpp"

namespace cardcore::gp::scp03 {

using namespace state_fields;

void CardSession::save_state(Bytes& out) const {
  state::put_u8(out, static_cast<std::uint8_t>(state_));
  state::put_u8(out, level_);
  put_short(out, host_challenge_);
  put_short(out, card_challenge_);
  put_session_keys(out, keys_);
  state::put_u8(out, channel_ ? 1 : 0);
  if (channel_) put_channel(out, *channel_);
}

CardSession CardSession::parse_state(state::Reader& in) {
  CardSession s;
  const std::uint8_t st = in.u8("SCP03 session state");
  if (st > static_cast<std::uint8_t>(State::Authenticated)) {
    state::fail("SCP03 session state " + std::to_string(st) + " unknown");
  }
  s.state_ = static_cast<State>(st);
  s.level_ = in.u8("SCP03 security level");
  s.host_challenge_ = read_challenge(in, "SCP03 host challenge");
  s.card_challenge_ = read_challenge(in, "SCP03 card challenge");
  s.keys_ = read_session_keys(in);
  const bool has_channel = in.flag("SCP03 channel flag");
  const bool keyed = !s.keys_.s_enc.empty();
  // INITIALIZE UPDATE sets the challenges and the keys together (§7.1.1).
  if (s.state_ != State::None && (!keyed || s.host_challenge_.empty() || s.card_challenge_.empty())) {
    state::fail("an SCP03 session past INITIALIZE UPDATE without its challenges and session keys");
  }
  // EXTERNAL AUTHENTICATE opens the channel; close() drops it (§7.2).
  if (has_channel != (s.state_ == State::Authenticated)) {
    state::fail("SCP03 channel flag does not fit the session state");
  }
  if (s.state_ != State::Authenticated && s.level_ != 0) state::fail("SCP03 security level outside a session");
  if (s.state_ == State::Authenticated && (s.level_ & level::kCMac) == 0) {
    state::fail("SCP03 session without C-MAC (§7.2.2.1)");
  }
  if (has_channel) s.channel_.emplace(read_channel(in, s.keys_));
  return s;
}

}  // namespace cardcore::gp::scp03
