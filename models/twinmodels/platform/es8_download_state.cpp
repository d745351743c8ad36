// Es8Download::save_state() / parse_state(): one ES8 download's progress
// (GSMA SGP.02 §3.1.2, §3.1.3) in an SM-DP checkpoint (sm_dp_state.cpp has
// the whole layout), little-endian (state/state_bytes.hpp):
//
//   step u8 (Certificate 0, KeyAgreement 1, InitializeUpdate 2, Download 3,
//     PolicyRules 4, Done 5)
//   script waiting u32 x (label, wrapped u8, block: optional u32)
//   STORE DATA '3A02' data (blob)
//   SCP03 host session: optional (u8 0/1), a u32 length and card-core's
//     HostSession::save_state() section
//   EXTERNAL AUTHENTICATE sent u8, next block u32, carried block: optional
//     (its number u32, the wrapped command blob), blocks accepted u32
//   result (function, call_id, eid, iccid, status u8, subject, reason,
//     message, data)
//
// The config and the key establishment (its config is all its state) are
// the caller's: the package's blocks follow from them.
#include <stdexcept>
#include <string>

#include "twinmodels/platform/es8_download.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

using cardcore::Bytes;
using namespace state_fields;

void Es8Download::save_state(Bytes& out) const {
  state::put_u8(out, static_cast<std::uint8_t>(step_));
  state::put_u32(out, static_cast<std::uint32_t>(waiting_.size()));
  for (const Sent& s : waiting_) {
    state::put_text(out, s.label);
    state::put_u8(out, s.wrapped ? 1 : 0);
    state::put_u8(out, s.block ? 1 : 0);
    if (s.block) state::put_u32(out, static_cast<std::uint32_t>(*s.block));
  }
  state::put_blob(out, key_agreement_data_);
  state::put_u8(out, host_ ? 1 : 0);
  if (host_) {
    Bytes section;
    host_->save_state(section);
    state::put_blob(out, section);
  }
  state::put_u8(out, authenticated_ ? 1 : 0);
  state::put_u32(out, static_cast<std::uint32_t>(next_block_));
  state::put_u8(out, carried_ ? 1 : 0);
  if (carried_) {
    state::put_u32(out, static_cast<std::uint32_t>(carried_block_));
    state::put_blob(out, *carried_);
  }
  state::put_u32(out, static_cast<std::uint32_t>(blocks_accepted_));
  put_result(out, result_);
}

Es8Download Es8Download::parse_state(state::Reader& r, Es8DownloadConfig config,
                                     cardcore::ecasd::OffCardKeyEstablishmentConfig key_establishment) {
  std::optional<Es8Download> made;
  try {
    made.emplace(std::move(config), std::move(key_establishment));
  } catch (const std::invalid_argument& e) {
    r.fail(std::string("ES8 download: ") + e.what());
  }
  Es8Download& d = *made;
  const std::uint8_t step = r.u8("ES8 step");
  if (step > static_cast<std::uint8_t>(Step::Done)) r.fail("ES8 step " + std::to_string(step) + " unknown");
  d.step_ = static_cast<Step>(step);
  const std::size_t n = d.blocks_.size();
  const std::uint32_t nw = r.count("ES8 commands waiting", 6);
  for (std::uint32_t i = 0; i < nw; ++i) {
    Sent s;
    s.label = read_text(r, "ES8 command label");
    s.wrapped = r.flag("ES8 command wrapped");
    if (r.flag("ES8 command block")) {
      const std::uint32_t b = r.u32("ES8 command block");
      if (b >= n) r.fail("ES8 command of block " + std::to_string(b) + " of " + std::to_string(n));
      s.block = b;
    }
    d.waiting_.push_back(std::move(s));
  }
  d.key_agreement_data_ = r.blob("STORE DATA '3A02' data", kMaxBytes);
  if (r.flag("SCP03 host session")) {
    const Bytes section = r.blob("SCP03 host session", kMaxBytes);
    try {
      cardcore::state::Reader part(section);
      d.host_.emplace(cardcore::gp::scp03::HostSession::parse_state(part));
      part.expect_end();
    } catch (const std::invalid_argument& e) {
      r.fail(std::string("SCP03 host session: ") + e.what());
    }
  }
  d.authenticated_ = r.flag("EXTERNAL AUTHENTICATE sent");
  d.next_block_ = r.u32("next block");
  if (r.flag("carried block")) {
    d.carried_block_ = r.u32("carried block");
    d.carried_ = r.blob("carried block", kMaxBytes);
  }
  d.blocks_accepted_ = r.u32("blocks accepted");
  d.result_ = read_result(r);
  // The session exists from the key establishment's receipt on (Step
  // InitializeUpdate); blocks are wrapped after EXTERNAL AUTHENTICATE, in
  // order, and accepted in order.
  const bool session_step = d.step_ >= Step::InitializeUpdate && d.step_ != Step::Done;
  if (session_step && !d.host_) r.fail("ES8 step " + std::to_string(step) + " without its SCP03 session");
  if (d.authenticated_ && !d.host_) r.fail("EXTERNAL AUTHENTICATE sent without an SCP03 session");
  if (d.next_block_ > n || (d.next_block_ > 0 && !d.authenticated_))
    r.fail("next block " + std::to_string(d.next_block_) + " of " + std::to_string(n) + " blocks");
  if (d.carried_ && d.carried_block_ + 1 != d.next_block_)
    r.fail("carried block " + std::to_string(d.carried_block_) + " is not the last wrapped");
  if (d.blocks_accepted_ > d.next_block_) r.fail("more blocks accepted than wrapped");
  if (d.step_ == Step::Done && !d.waiting_.empty()) r.fail("a finished ES8 download waits for a script's answer");
  return std::move(*made);
}

}  // namespace twinmodels::platform
