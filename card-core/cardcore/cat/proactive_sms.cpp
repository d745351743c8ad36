// SEND SHORT MESSAGE, TS 102 223 §6.6.9 and TS 31.111 §6.6.9: command
// details, device identities UICC -> network, alpha identifier (optional),
// address (optional), SMS TPDU.
#include "cardcore/cat/proactive_frame.hpp"

namespace cardcore::cat {

Bytes encode(const SendShortMessage& c) {
  Bytes b = detail::begin_command(c.number, command::kSendShortMessage, c.packing_required ? 0x01 : 0x00,
                                  device::kNetwork);
  put(b, c.alpha);
  put(b, c.address);
  put(b, c.tpdu);
  return detail::finish_command(b);
}

const char* decode(ByteView command, SendShortMessage& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kSendShortMessage);
  if (const char* e = detail::check_destination(f, device::kNetwork, "SEND SHORT MESSAGE not to the network")) {
    return e;
  }
  SendShortMessage c;
  c.number = f.value.details.number;
  c.packing_required = (f.value.details.qualifier & 0x01) != 0;
  const ObjectList& o = f.value.objects;
  if (const char* e = o.get(c.alpha)) return e;
  if (const char* e = o.get(c.address)) return e;
  if (const char* e = o.get(c.tpdu)) return e;
  out = std::move(c);
  return nullptr;
}

}  // namespace cardcore::cat
