// The proactive commands that talk to the terminal alone: MORE TIME (§6.6.4),
// POLL INTERVAL (§6.6.6), POLLING OFF (§6.6.14), PROVIDE LOCAL INFORMATION
// (§6.6.15), SET UP EVENT LIST (§6.6.16), TIMER MANAGEMENT (§6.6.21) of
// TS 102 223; device identities UICC -> terminal.
#include "cardcore/cat/proactive_frame.hpp"

namespace cardcore::cat {

namespace {
const char* to_terminal(const Decoded<detail::Frame>& f) {
  return detail::check_destination(f, device::kTerminal, "command not to the terminal");
}
}  // namespace

Bytes encode(const MoreTime& c) {
  return detail::finish_command(detail::begin_command(c.number, command::kMoreTime, 0, device::kTerminal));
}
const char* decode(ByteView command, MoreTime& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kMoreTime);
  if (const char* e = to_terminal(f)) return e;
  out = {f.value.details.number};
  return nullptr;
}

Bytes encode(const PollInterval& c) {
  Bytes b = detail::begin_command(c.number, command::kPollInterval, 0, device::kTerminal);
  put(b, c.interval);
  return detail::finish_command(b);
}
const char* decode(ByteView command, PollInterval& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kPollInterval);
  if (const char* e = to_terminal(f)) return e;
  PollInterval c{f.value.details.number, {}};
  if (const char* e = f.value.objects.get(c.interval)) return e;
  out = c;
  return nullptr;
}

Bytes encode(const PollingOff& c) {
  return detail::finish_command(detail::begin_command(c.number, command::kPollingOff, 0, device::kTerminal));
}
const char* decode(ByteView command, PollingOff& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kPollingOff);
  if (const char* e = to_terminal(f)) return e;
  out = {f.value.details.number};
  return nullptr;
}

Bytes encode(const ProvideLocalInformation& c) {
  return detail::finish_command(
      detail::begin_command(c.number, command::kProvideLocalInformation, c.what, device::kTerminal));
}
const char* decode(ByteView command, ProvideLocalInformation& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kProvideLocalInformation);
  if (const char* e = to_terminal(f)) return e;
  out = {f.value.details.number, f.value.details.qualifier};
  return nullptr;
}

Bytes encode(const SetUpEventList& c) {
  Bytes b = detail::begin_command(c.number, command::kSetUpEventList, 0, device::kTerminal);
  put(b, c.events);
  return detail::finish_command(b);
}
const char* decode(ByteView command, SetUpEventList& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kSetUpEventList);
  if (const char* e = to_terminal(f)) return e;
  SetUpEventList c{f.value.details.number, {}};
  if (const char* e = f.value.objects.get(c.events)) return e;
  out = std::move(c);
  return nullptr;
}

// §8.6: TIMER MANAGEMENT qualifier b1-b2 is the action.
Bytes encode(const TimerManagement& c) {
  Bytes b = detail::begin_command(c.number, command::kTimerManagement, c.action, device::kTerminal);
  put(b, c.timer);
  put(b, c.value);
  return detail::finish_command(b);
}
const char* decode(ByteView command, TimerManagement& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kTimerManagement);
  if (const char* e = to_terminal(f)) return e;
  TimerManagement c;
  c.number = f.value.details.number;
  c.action = f.value.details.qualifier;
  if (c.action > TimerManagement::kGetValue) return "unknown TIMER MANAGEMENT action";
  if (const char* e = f.value.objects.get(c.timer)) return e;
  if (const char* e = f.value.objects.get(c.value)) return e;
  if (c.action == TimerManagement::kStart && !c.value) return "missing Timer value";
  out = c;
  return nullptr;
}

}  // namespace cardcore::cat
