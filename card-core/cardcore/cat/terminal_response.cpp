// TERMINAL RESPONSE data objects, TS 102 223 §6.8.
#include "cardcore/cat/terminal_response.hpp"

#include "cardcore/cat/object_list.hpp"

namespace cardcore::cat {

Bytes encode(const TerminalResponse& r) {
  Bytes b;
  put(b, r.details);
  put(b, r.devices);
  put(b, r.result);
  put(b, r.duration);
  put(b, r.location);
  put(b, r.imei);
  put(b, r.date_time);
  put(b, r.access_technology);
  put(b, r.timer);
  put(b, r.timer_value);
  put(b, r.channel_status);
  put(b, r.bearer);
  put(b, r.buffer);
  put(b, r.channel_data);
  put(b, r.channel_data_length);
  return b;
}

const char* decode(ByteView data, TerminalResponse& out) {
  const Decoded<ObjectList> parsed = ObjectList::parse(data);
  if (!parsed.ok()) return parsed.error;
  const ObjectList& o = parsed.value;
  TerminalResponse r;
  if (const char* e = o.get(r.details)) return e;
  if (const char* e = o.get(r.devices)) return e;
  // §6.8: the response comes from the terminal to the UICC.
  if (r.devices.source != device::kTerminal || r.devices.destination != device::kUicc) {
    return "Device identities not terminal -> UICC";
  }
  if (const char* e = o.get(r.result)) return e;
  for (const char* e : {o.get(r.duration), o.get(r.location), o.get(r.imei), o.get(r.date_time),
                        o.get(r.access_technology), o.get(r.timer), o.get(r.timer_value), o.get(r.channel_status),
                        o.get(r.bearer), o.get(r.buffer), o.get(r.channel_data), o.get(r.channel_data_length)}) {
    if (e) return e;
  }
  out = std::move(r);
  return nullptr;
}

}  // namespace cardcore::cat
