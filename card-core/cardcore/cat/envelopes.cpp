// ENVELOPE data: SMS-PP DOWNLOAD (TS 31.111 §7.1.1.2), EVENT DOWNLOAD
// (TS 102 223 §7.5), TIMER EXPIRATION (TS 102 223 §7.4).
#include "cardcore/cat/envelopes.hpp"

#include "cardcore/cat/object_list.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::cat {

namespace {

Decoded<ObjectList> open(ByteView envelope, std::uint8_t tag) {
  const tlv::Result<tlv::BerTlv> ber = tlv::parse_ber(envelope);
  if (!ber.ok()) return refuse<ObjectList>("envelope not one BER-TLV");
  if (ber.value.tag != tag) return refuse<ObjectList>("another envelope");
  return ObjectList::parse(ber.value.value);
}

const char* to_uicc(const DeviceIdentities& d) {
  return d.destination == device::kUicc ? nullptr : "envelope not to the UICC";
}

}  // namespace

Bytes encode(const SmsPpDownload& e) {
  Bytes b;
  put(b, e.devices);
  put(b, e.address);
  put(b, e.tpdu);
  return tlv::make_ber(ber::kSmsPpDownload, b);
}

const char* decode(ByteView envelope, SmsPpDownload& out) {
  const Decoded<ObjectList> o = open(envelope, ber::kSmsPpDownload);
  if (!o.ok()) return o.error;
  SmsPpDownload e;
  if (const char* err = o.value.get(e.devices)) return err;
  if (const char* err = to_uicc(e.devices)) return err;
  // TS 31.111 §7.1.1.2: the message comes from the network.
  if (e.devices.source != device::kNetwork) return "SMS-PP download not from the network";
  if (const char* err = o.value.get(e.address)) return err;
  if (const char* err = o.value.get(e.tpdu)) return err;
  out = std::move(e);
  return nullptr;
}

// §7.5.x: event list first, then device identities and the event's objects.
Bytes encode(const EventDownload& e) {
  Bytes b;
  put(b, EventList{{e.event}});
  put(b, e.devices);
  put(b, e.location_status);
  put(b, e.location);
  put(b, e.access_technology);
  put(b, e.channel_status);
  put(b, e.channel_data_length);
  return tlv::make_ber(ber::kEventDownload, b);
}

const char* decode(ByteView envelope, EventDownload& out) {
  const Decoded<ObjectList> o = open(envelope, ber::kEventDownload);
  if (!o.ok()) return o.error;
  const ObjectList& l = o.value;
  EventDownload e;
  EventList events;
  if (const char* err = l.get(events)) return err;
  if (events.events.size() != 1) return "Event list of an EVENT DOWNLOAD not of one event";
  e.event = events.events[0];
  if (const char* err = l.get(e.devices)) return err;
  if (const char* err = to_uicc(e.devices)) return err;
  for (const char* err : {l.get(e.location_status), l.get(e.location), l.get(e.access_technology),
                          l.get(e.channel_status), l.get(e.channel_data_length)}) {
    if (err) return err;
  }
  out = std::move(e);
  return nullptr;
}

Bytes encode(const TimerExpiration& e) {
  Bytes b;
  put(b, e.devices);
  put(b, e.timer);
  put(b, e.value);
  return tlv::make_ber(ber::kTimerExpiration, b);
}

const char* decode(ByteView envelope, TimerExpiration& out) {
  const Decoded<ObjectList> o = open(envelope, ber::kTimerExpiration);
  if (!o.ok()) return o.error;
  TimerExpiration e;
  if (const char* err = o.value.get(e.devices)) return err;
  if (const char* err = to_uicc(e.devices)) return err;
  if (const char* err = o.value.get(e.timer)) return err;
  if (const char* err = o.value.get(e.value)) return err;
  out = e;
  return nullptr;
}

}  // namespace cardcore::cat
