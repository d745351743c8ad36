// SmSrHandover::save_state() / parse_state() and SmSrChange's: an SM-SR
// change in flight (GSMA SGP.02 §3.8) in a checkpoint, little-endian
// (state/state_bytes.hpp); text and bytes are a u32 length and the bytes,
// an optional a u8 (0 none, 1 present) and the value:
//
//   "SMHO", version u16 (3; 2 had no PoR status in a result, 1 no POL2 in
//     the EIS: both refused)
//   eid, change call id (the config's: checked)
//   step u8 (Idle 0, KeyEstablishment 1, Finalise 2, Connectivity 3,
//     CleanUp 4, Done 5), a call waiting u8
//   the EIS handed over (ES7.HandoverEUICC, §5.7): optional, the SM-SR
//     checkpoint's EIS fields (sm_sr_state.cpp)
//   the SM-SR change (ES7.AuthenticateSMSR, ES7.CreateAdditionalKeySet):
//     optional; step u8 (Authenticate 0, AwaitChallenge 1, CreateKeySet 2,
//     AwaitReceipt 3, AuthenticatePsk 4, AwaitPskChallenge 5, CreatePsk 6,
//     AwaitPskReceipt 7, Done 8), the card's challenge (blob), result, the
//     new ISD-R key set (optional; the SM-SR checkpoint's key set fields),
//     the new SCP81 PSK (§2.4.4; optional: key_version u8, key_id u8, PSK)
//   key establishment calls u32, key set script sent u8, old key version
//     u8, old PSK version (optional u8), calls made u32
//   prepare result, result, failure: a result each (function, call_id, eid,
//     iccid, status u8, subject, reason, message, PoR status u8, data)
//   clean-up u8 (NotNeeded 0, Removed 1, Absent 2, Unknown 3), warnings
//
// The config (certificate, keys, link, PSK settings) is the caller's; the
// change's key establishments (cardcore::ecasd::OffCardKeyEstablishment:
// their config is all their state) are rebuilt from it and the EIS. Both
// SM-SRs have their own checkpoints (SmSr::save_state).
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/platform/smsr_change.hpp"
#include "twinmodels/platform/smsr_handover.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using namespace state_fields;

constexpr char kHandoverMagic[5] = "SMHO";
constexpr std::uint16_t kHandoverVersion = 3;

}  // namespace

void SmSrChange::save_state(Bytes& out) const {
  state::put_u8(out, static_cast<std::uint8_t>(step_));
  state::put_blob(out, challenge_);
  put_result(out, result_);
  state::put_u8(out, isd_r_ ? 1 : 0);
  if (isd_r_) put_card_config(out, *isd_r_);
  state::put_u8(out, psk_ ? 1 : 0);
  if (psk_) {
    state::put_u8(out, psk_->key_version);
    state::put_u8(out, psk_->key_id);
    state::put_blob(out, psk_->psk);
  }
}

SmSrChange SmSrChange::parse_state(state::Reader& r, SmSrChangeConfig config) {
  std::optional<SmSrChange> made;
  try {
    made.emplace(std::move(config));
  } catch (const std::invalid_argument& e) {
    r.fail(std::string("SM-SR change: ") + e.what());
  }
  SmSrChange& c = *made;
  const std::uint8_t step = r.u8("SM-SR change step");
  if (step > static_cast<std::uint8_t>(Step::Done)) r.fail("SM-SR change step " + std::to_string(step) + " unknown");
  c.step_ = static_cast<Step>(step);
  c.challenge_ = r.blob("SM-SR change challenge", kMaxBytes);
  c.result_ = read_result(r);
  if (r.flag("SM-SR change ISD-R key set")) c.isd_r_ = read_card_config(r);
  if (r.flag("SM-SR change PSK")) {
    Scp81Key k;
    k.key_version = r.u8("SM-SR change PSK version");
    k.key_id = r.u8("SM-SR change PSK key id");
    k.psk = r.blob("SM-SR change PSK", 32);
    if (k.key_version != c.config_.psk_version || k.key_id != c.config_.psk_key_id)
      r.fail("SM-SR change PSK " + std::to_string(k.key_version) + "/" + std::to_string(k.key_id) + ", the config's " +
             std::to_string(c.config_.psk_version) + "/" + std::to_string(c.config_.psk_key_id));
    c.psk_ = std::move(k);
  }
  // SGP.02 §3.8: the PSK's key establishment follows the key set's only
  // with a PSK version.
  if (c.step_ >= Step::AuthenticatePsk && c.step_ != Step::Done && !c.psk_off_card_)
    r.fail("SM-SR change step " + std::to_string(step) + " without a PSK version in the config");
  return std::move(*made);
}

void SmSrHandover::save_state(Bytes& out) const {
  state::put_header(out, kHandoverMagic, kHandoverVersion);
  state::put_text(out, config_.eid);
  state::put_text(out, config_.change_call_id);
  state::put_u8(out, static_cast<std::uint8_t>(step_));
  state::put_u8(out, waiting_ ? 1 : 0);
  state::put_u8(out, eis_ ? 1 : 0);
  if (eis_) put_eis(out, *eis_);
  state::put_u8(out, change_ ? 1 : 0);
  if (change_) change_->save_state(out);
  state::put_u32(out, key_establishment_calls_);
  state::put_u8(out, key_set_script_sent_ ? 1 : 0);
  state::put_u8(out, old_key_version_);
  state::put_u8(out, old_psk_version_ ? 1 : 0);
  if (old_psk_version_) state::put_u8(out, *old_psk_version_);
  state::put_u32(out, calls_);
  put_result(out, prepare_result_);
  put_result(out, result_);
  put_result(out, failure_);
  state::put_u8(out, static_cast<std::uint8_t>(cleanup_));
  state::put_text(out, warnings_);
}

SmSrHandover SmSrHandover::parse_state(state::Reader& r, SmSr& current, SmSr& next, SmSrHandoverConfig config) {
  r.header(kHandoverMagic, kHandoverVersion);
  const std::string eid = read_text(r, "handover EID");
  if (eid != config.eid) r.fail("saved for EID " + eid + ", the config's is " + config.eid);
  const std::string call_id = read_text(r, "handover change call id");
  if (call_id != config.change_call_id)
    r.fail("saved for ES4.SMSRChange " + call_id + ", the config's is " + config.change_call_id);
  SmSrHandover h(current, next, std::move(config));
  const std::uint8_t step = r.u8("handover step");
  if (step > static_cast<std::uint8_t>(Step::Done)) r.fail("handover step " + std::to_string(step) + " unknown");
  h.step_ = static_cast<Step>(step);
  h.waiting_ = r.flag("handover call waiting");
  if (r.flag("handover EIS")) {
    h.eis_ = read_eis(r);
    if (h.eis_->eid != eid) r.fail("the EIS handed over names EID " + h.eis_->eid + ", not " + eid);
  }
  if (r.flag("SM-SR change")) {
    if (!h.eis_) r.fail("an SM-SR change without the EIS handed over");
    h.change_.emplace(SmSrChange::parse_state(r, h.change_config()));
  }
  h.key_establishment_calls_ = r.u32("key establishment calls");
  h.key_set_script_sent_ = r.flag("key set script sent");
  h.old_key_version_ = r.u8("old key version");
  if (r.flag("old PSK version")) h.old_psk_version_ = r.u8("old PSK version");
  h.calls_ = r.u32("handover calls made");
  h.prepare_result_ = read_result(r);
  h.result_ = read_result(r);
  h.failure_ = read_result(r);
  const std::uint8_t cleanup = r.u8("key set clean-up");
  if (cleanup > static_cast<std::uint8_t>(KeySetCleanup::Unknown))
    r.fail("key set clean-up " + std::to_string(cleanup) + " unknown");
  h.cleanup_ = static_cast<KeySetCleanup>(cleanup);
  h.warnings_ = read_text(r, "handover warnings");
  // A call waits only between the first and the last step; the key
  // establishment and the finalisation need the change (SGP.02 §3.8); the
  // DELETE [key] only follows a key set script that went out.
  if (h.waiting_ && (h.step_ == Step::Idle || h.step_ == Step::Done))
    r.fail("handover step " + std::to_string(step) + " with a call waiting");
  if ((h.step_ == Step::KeyEstablishment || h.step_ == Step::Finalise) && !h.change_)
    r.fail("handover step " + std::to_string(step) + " without its SM-SR change");
  if (h.step_ == Step::CleanUp && !h.key_set_script_sent_) r.fail("a key set clean-up with no key set script sent");
  return h;
}

}  // namespace twinmodels::platform
