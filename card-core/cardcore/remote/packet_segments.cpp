#include "cardcore/remote/packet_segments.hpp"

#include <limits>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::remote {

namespace {

// A held TPDU decoded with its concatenation element.
struct Held {
  sms::SmsDeliver d;
  sms::Concatenation c;
};

std::optional<Held> decode_held(ByteView tpdu) {
  try {
    Held h{sms::decode_deliver(tpdu, kDeliverOptions), {}};
    if (!sms::is_sim_data_download(h.d) || !h.d.ud.header) return std::nullopt;
    const std::optional<sms::Concatenation> c = sms::concatenation_of(*h.d.ud.header);
    if (!c) return std::nullopt;
    h.c = *c;
    return h;
  } catch (const sms::SmsError&) {
    return std::nullopt;
  }
}

// §9.2.3.24.1: segments of one message share originator and reference.
bool same_message(const sms::SmsDeliver& a, const sms::Concatenation& ca, const sms::SmsDeliver& b,
                  const sms::Concatenation& cb) {
  return a.oa == b.oa && ca.reference == cb.reference && ca.sixteen_bit_reference == cb.sixteen_bit_reference;
}

// Removes the held segments of the message `d`/`c` belongs to.
void drop_message(std::vector<Bytes>& held, const sms::SmsDeliver& d, const sms::Concatenation& c) {
  std::erase_if(held, [&](const Bytes& t) {
    const std::optional<Held> h = decode_held(t);
    return !h || same_message(h->d, h->c, d, c);
  });
}

}  // namespace

bool holdable_segment(ByteView tpdu) {
  return !tpdu.empty() && tpdu.size() <= Uicc::kMaxHeldSegmentBytes && decode_held(tpdu).has_value();
}

SegmentOutcome add_segment(Uicc& card, const sms::SmsDeliver& d, const sms::Concatenation& c, ByteView tpdu) {
  std::vector<Bytes>& held = *card.held_segments();
  SegmentOutcome out;
  if (tpdu.size() > Uicc::kMaxHeldSegmentBytes) {
    out.kind = SegmentOutcome::Kind::Rejected;
    return out;
  }
  // The message's segments so far, through a Reassembler of its own: the
  // held TPDUs are the state, so a restored card reassembles alike.
  sms::Reassembler r(std::numeric_limits<std::uint64_t>::max(), 1);
  try {
    for (const Bytes& t : held) {
      const std::optional<Held> h = decode_held(t);
      if (h && same_message(h->d, h->c, d, c)) r.add(h->d.oa, h->d.ud, 0);
    }
    const sms::Reassembler::Result result = r.add(d.oa, d.ud, 0);
    if (result.message) {
      drop_message(held, d, c);
      out.kind = SegmentOutcome::Kind::Complete;
      out.message = result.message;
      return out;
    }
    if (result.duplicate) return out;
  } catch (const sms::SmsError&) {
    // A total of 0, a sequence number outside 1..total, a total other than
    // the held segments', a segment number twice with other contents.
    out.kind = SegmentOutcome::Kind::Rejected;
    return out;
  }
  while (held.size() >= Uicc::kMaxHeldSegments) {
    const std::optional<Held> oldest = decode_held(held.front());
    if (!oldest) {
      held.erase(held.begin());
      continue;
    }
    drop_message(held, oldest->d, oldest->c);
  }
  held.emplace_back(tpdu.begin(), tpdu.end());
  return out;
}

}  // namespace cardcore::remote
