// MANAGE CHANNEL (TS 102 221 §11.1.17).
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

StatusWord Uicc::cmd_manage_channel(const CommandApdu& c, Channel& origin, Response& r) {
  auto& chans = session_->channels;
  const std::uint8_t from = decode_class(c.cla).channel;
  if (c.p1 == 0x00) {  // open
    std::uint8_t n = c.p2;
    if (n == 0) {
      // The card chooses the lowest free channel and returns its number (case 2, Le = 1).
      if (c.kind != ApduCase::Case2 || c.ne != 1) return sw::kWrongLength;
      n = 1;
      while (n < chans.size() && chans[n].open) ++n;
      if (n >= chans.size()) return sw::kFunctionNotSupported;  // no channel left
      r.push(n);
    } else {
      if (!is_case1(c)) return sw::kWrongLength;
      if (n >= chans.size() || n > 19) return sw::kLogicalChannelNotSupported;
      if (chans[n].open) return sw::kConditionsNotSatisfied;
    }
    // Opened from the basic channel: the MF is selected on the new channel;
    // from another channel: that channel's current DF and application.
    Channel fresh;
    fresh.open = true;
    if (from != 0) {
      fresh.df = origin.df;
      fresh.adf = origin.adf;
    }
    chans[n] = fresh;
    return sw::kOk;
  }
  if (c.p1 == 0x80) {  // close
    if (!is_case1(c)) return sw::kWrongLength;
    const std::uint8_t n = c.p2 == 0 ? from : c.p2;
    if (n == 0) return sw::kIncorrectP1P2;  // the basic channel is never closed
    if (n >= chans.size() || !chans[n].open) return sw::kLogicalChannelNotSupported;
    chans[n] = Channel{};
    return sw::kOk;
  }
  return sw::kIncorrectP1P2;
}

bool Uicc::channel_open(std::uint8_t n) const {
  return session_ && n < session_->channels.size() && session_->channels[n].open;
}

}  // namespace cardcore
