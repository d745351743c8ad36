// The bearer independent protocol commands of TS 102 223 (and TS 31.111 for
// the 3GPP bearers): OPEN CHANNEL §6.6.27, CLOSE CHANNEL §6.6.28, RECEIVE
// DATA §6.6.29, SEND DATA §6.6.30, GET CHANNEL STATUS §6.6.31.
#include "cardcore/cat/proactive_frame.hpp"

namespace cardcore::cat {

namespace {

// §8.7: channel n is device '2n'.
std::uint8_t channel_device(std::uint8_t channel) { return static_cast<std::uint8_t>(device::kChannel1 - 1 + channel); }

const char* to_channel(const Decoded<detail::Frame>& f, std::uint8_t& channel) {
  if (!f.ok()) return f.error;
  if (!device::is_channel(f.value.devices.destination)) return "command not to a channel";
  channel = static_cast<std::uint8_t>(f.value.devices.destination - device::kChannel1 + 1);
  return nullptr;
}

}  // namespace

// §6.6.27.3 (packet data service) order; the CS variant (§6.6.27.2) has the
// address before the bearer description too.
Bytes encode(const OpenChannel& c) {
  Bytes b = detail::begin_command(c.number, command::kOpenChannel, c.qualifier, device::kTerminal);
  put(b, c.alpha);
  put(b, c.address);
  put(b, c.bearer);
  put(b, c.buffer);
  put(b, c.apn);
  put(b, c.local_address);
  put(b, c.login);
  put(b, c.password);
  put(b, c.transport);
  put(b, c.destination);
  return detail::finish_command(b);
}

// Two Other address objects may come: the local address before the transport
// level, the data destination address after it (§6.6.27.3). Two text
// strings: the login, then the password.
const char* decode(ByteView command, OpenChannel& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kOpenChannel);
  if (const char* e = detail::check_destination(f, device::kTerminal, "OPEN CHANNEL not to the terminal")) return e;
  const ObjectList& o = f.value.objects;
  OpenChannel c;
  c.number = f.value.details.number;
  c.qualifier = f.value.details.qualifier;
  if (const char* e = o.get(c.alpha)) return e;
  if (const char* e = o.get(c.address)) return e;
  if (const char* e = o.get(c.bearer)) return e;
  if (const char* e = o.get(c.buffer)) return e;
  if (const char* e = o.get(c.apn)) return e;
  if (const char* e = o.get(c.login, 0)) return e;
  if (const char* e = o.get(c.password, 1)) return e;
  if (const char* e = o.get(c.transport)) return e;
  const std::vector<tlv::Ctlv>& all = o.objects();
  std::size_t transport_at = all.size();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].tag == tag::kTransportLevel) {
      transport_at = i;
      break;
    }
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].tag != tag::kOtherAddress) continue;
    const bool destination = transport_at < all.size() ? i > transport_at : c.local_address.has_value();
    std::optional<OtherAddress>& slot = destination ? c.destination : c.local_address;
    if (slot) return "two local or two destination Other address objects";
    OtherAddress a;
    if (const char* e = read(all[i].value, a)) return e;
    slot = std::move(a);
  }
  if (c.destination && !c.transport) return "data destination address without a transport level";
  out = std::move(c);
  return nullptr;
}

Bytes encode(const CloseChannel& c) {
  Bytes b = detail::begin_command(c.number, command::kCloseChannel, c.qualifier, channel_device(c.channel));
  put(b, c.alpha);
  return detail::finish_command(b);
}
const char* decode(ByteView command, CloseChannel& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kCloseChannel);
  CloseChannel c;
  if (const char* e = to_channel(f, c.channel)) return e;
  c.number = f.value.details.number;
  c.qualifier = f.value.details.qualifier;
  if (const char* e = f.value.objects.get(c.alpha)) return e;
  out = std::move(c);
  return nullptr;
}

Bytes encode(const ReceiveData& c) {
  Bytes b = detail::begin_command(c.number, command::kReceiveData, 0, channel_device(c.channel));
  put(b, c.alpha);
  put(b, c.length);
  return detail::finish_command(b);
}
const char* decode(ByteView command, ReceiveData& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kReceiveData);
  ReceiveData c;
  if (const char* e = to_channel(f, c.channel)) return e;
  c.number = f.value.details.number;
  if (const char* e = f.value.objects.get(c.alpha)) return e;
  if (const char* e = f.value.objects.get(c.length)) return e;
  out = std::move(c);
  return nullptr;
}

Bytes encode(const SendData& c) {
  Bytes b = detail::begin_command(c.number, command::kSendData, c.immediately ? 0x01 : 0x00, channel_device(c.channel));
  put(b, c.alpha);
  put(b, c.data);
  return detail::finish_command(b);
}
const char* decode(ByteView command, SendData& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kSendData);
  SendData c;
  if (const char* e = to_channel(f, c.channel)) return e;
  c.number = f.value.details.number;
  c.immediately = (f.value.details.qualifier & 0x01) != 0;
  if (const char* e = f.value.objects.get(c.alpha)) return e;
  if (const char* e = f.value.objects.get(c.data)) return e;
  out = std::move(c);
  return nullptr;
}

Bytes encode(const GetChannelStatus& c) {
  return detail::finish_command(detail::begin_command(c.number, command::kGetChannelStatus, 0, device::kTerminal));
}
const char* decode(ByteView command, GetChannelStatus& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kGetChannelStatus);
  if (const char* e = detail::check_destination(f, device::kTerminal, "GET CHANNEL STATUS not to the terminal")) {
    return e;
  }
  out = {f.value.details.number};
  return nullptr;
}

}  // namespace cardcore::cat
