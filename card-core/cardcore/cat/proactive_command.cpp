// Any proactive command: dispatch on the type of command (TS 102 223 §9.4).
#include "cardcore/cat/proactive_frame.hpp"

namespace cardcore::cat {

Bytes encode(const ProactiveCommand& c) {
  return std::visit([](const auto& cmd) { return encode(cmd); }, c);
}

std::uint8_t& command_number(ProactiveCommand& c) {
  return std::visit([](auto& cmd) -> std::uint8_t& { return cmd.number; }, c);
}

namespace {
template <class T>
Decoded<ProactiveCommand> decode_as(ByteView command) {
  T c;
  if (const char* e = decode(command, c)) return refuse<ProactiveCommand>(e);
  return {ProactiveCommand(std::move(c)), nullptr};
}
}  // namespace

Decoded<ProactiveCommand> decode_proactive_command(ByteView command) {
  const Decoded<CommandDetails> d = check_proactive_command(command);
  if (!d.ok()) return refuse<ProactiveCommand>(d.error);
  switch (d.value.type) {
    case command::kRefresh: return decode_as<Refresh>(command);
    case command::kMoreTime: return decode_as<MoreTime>(command);
    case command::kPollInterval: return decode_as<PollInterval>(command);
    case command::kPollingOff: return decode_as<PollingOff>(command);
    case command::kSetUpEventList: return decode_as<SetUpEventList>(command);
    case command::kSendShortMessage: return decode_as<SendShortMessage>(command);
    case command::kProvideLocalInformation: return decode_as<ProvideLocalInformation>(command);
    case command::kTimerManagement: return decode_as<TimerManagement>(command);
    case command::kOpenChannel: return decode_as<OpenChannel>(command);
    case command::kCloseChannel: return decode_as<CloseChannel>(command);
    case command::kReceiveData: return decode_as<ReceiveData>(command);
    case command::kSendData: return decode_as<SendData>(command);
    case command::kGetChannelStatus: return decode_as<GetChannelStatus>(command);
    default: return refuse<ProactiveCommand>("type of command not known to this card");
  }
}

}  // namespace cardcore::cat
