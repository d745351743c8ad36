// TERMINAL PROFILE facilities, TS 102 223 §5.2 and TS 31.111 §5.2.
#include "cardcore/cat/terminal_profile.hpp"

namespace cardcore::cat {

TerminalProfile TerminalProfile::with(std::initializer_list<Facility> facilities) {
  TerminalProfile p;
  for (Facility f : facilities) {
    const unsigned n = static_cast<unsigned>(f);
    if (p.bytes_.size() <= n / 8) p.bytes_.resize(n / 8 + 1, 0);
    p.bytes_[n / 8] = static_cast<std::uint8_t>(p.bytes_[n / 8] | (1u << (n % 8)));
  }
  return p;
}

bool TerminalProfile::supports(Facility f) const {
  const unsigned n = static_cast<unsigned>(f);
  return n / 8 < bytes_.size() && ((bytes_[n / 8] >> (n % 8)) & 1u) != 0;
}

unsigned TerminalProfile::bip_channels() const { return bytes_.size() >= 13 ? bytes_[12] >> 5 : 0; }

bool TerminalProfile::supports(const CommandDetails& c) const {
  switch (c.type) {
    case command::kRefresh: return supports(Facility::kRefresh);
    case command::kMoreTime: return supports(Facility::kMoreTime);
    case command::kPollInterval: return supports(Facility::kPollInterval);
    case command::kPollingOff: return supports(Facility::kPollingOff);
    case command::kSetUpEventList: return supports(Facility::kSetUpEventList);
    case command::kSendShortMessage: return supports(Facility::kSendShortMessage);
    case command::kProvideLocalInformation:
      switch (c.qualifier) {
        case 0x00:
        case 0x01: return supports(Facility::kLocalInfoLocationImei);
        case 0x02: return supports(Facility::kLocalInfoNmr);
        case 0x03: return supports(Facility::kLocalInfoDateTime);
        case 0x04: return supports(Facility::kLocalInfoLanguage);
        case 0x06: return supports(Facility::kLocalInfoAccessTechnology);
        default: return false;
      }
    case command::kTimerManagement:
      return supports(c.qualifier == 0x02 ? Facility::kTimerGetValue : Facility::kTimerStartStop);
    case command::kOpenChannel: return supports(Facility::kOpenChannel);
    case command::kCloseChannel: return supports(Facility::kCloseChannel);
    case command::kReceiveData: return supports(Facility::kReceiveData);
    case command::kSendData: return supports(Facility::kSendData);
    case command::kGetChannelStatus: return supports(Facility::kGetChannelStatus);
    default: return false;
  }
}

}  // namespace cardcore::cat
