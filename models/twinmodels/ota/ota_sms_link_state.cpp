// OtaSmsLink::save_state() / restore_state(): one card application's link
// as a section of its platform's checkpoint, little-endian
// (state/state_bytes.hpp):
//
//   counter u64 (at most 'FFFFFFFFFF', TS 102 225 §5.1), next_reference u8
//   outstanding u32 (at most kMaxOutstanding), oldest first; each:
//     counter u64, script format u8 (remote_response.hpp)
//   reassembler: u32 length, then Reassembler::save_state()'s section
//     (cardcore/sms/reassembler_state.cpp): the concatenated PoRs waiting
#include <string>

#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::ota {

namespace {

constexpr std::size_t kMaxReassembler = 1 << 20;

}  // namespace

void OtaSmsLink::save_state(Bytes& out) const {
  using namespace state;
  put_u64(out, counter_);
  put_u8(out, next_reference_);
  put_u32(out, static_cast<std::uint32_t>(outstanding_.size()));
  for (const Sent& s : outstanding_) {
    put_u64(out, s.counter);
    put_u8(out, static_cast<std::uint8_t>(s.format));
  }
  Bytes r;
  reassembler_.save_state(r);
  put_blob(out, r);
}

void OtaSmsLink::restore_state(state::Reader& in) {
  const cardcore::ota::Counter counter = in.u64("link counter");
  if (counter > cardcore::ota::kCounterMax) in.fail("link counter above 'FFFFFFFFFF' (TS 102 225 §5.1)");
  const std::uint8_t next_reference = in.u8("link next reference");
  const std::uint32_t n = in.count("link outstanding packets", 9);
  if (n > kMaxOutstanding)
    in.fail("link: " + std::to_string(n) + " packets outstanding, more than " + std::to_string(kMaxOutstanding));
  std::deque<Sent> outstanding;
  for (std::uint32_t i = 0; i < n; ++i) {
    Sent s;
    s.counter = in.u64("outstanding counter");
    if (s.counter > cardcore::ota::kCounterMax) in.fail("link: an outstanding counter above 'FFFFFFFFFF'");
    const std::uint8_t format = in.u8("outstanding format");
    if (format > static_cast<std::uint8_t>(ScriptFormat::Application))
      in.fail("link: script format " + std::to_string(format) + " unknown");
    s.format = static_cast<ScriptFormat>(format);
    outstanding.push_back(s);
  }
  const Bytes saved = in.blob("link reassembler", kMaxReassembler);
  cardcore::sms::Reassembler reassembler = reassembler_;
  try {
    cardcore::state::Reader r(saved);
    reassembler = reassembler_.parse_state(r);
    r.expect_end();
  } catch (const std::invalid_argument& e) {
    in.fail(std::string("link reassembler: ") + e.what());
  }
  counter_ = counter;
  next_reference_ = next_reference;
  outstanding_ = std::move(outstanding);
  reassembler_ = std::move(reassembler);
}

}  // namespace twinmodels::ota
