// DownloadOrder::save_state() / parse_state(): one ES2.DownloadProfile
// order in progress (GSMA SGP.02 §3.1.1 to §3.1.3) in an SM-DP checkpoint
// (sm_dp_state.cpp has the whole layout), little-endian
// (state/state_bytes.hpp):
//
//   request: call_id, mno_id, eid, iccid, profile_type, smsr_id,
//     flags u8 (b1 enable_profile, b2 the plan's SCP03t form; other bits
//     refused: a state without SCP03t reads as before it had the bit)
//   required memory (optional u32), package (blob), imsi, msisdn, host
//     challenge (blob, 8 bytes)
//   key establishment: PK.ECASD.ECKA (curve u8: the key parameter
//     reference, point blob), eSK.DP.ECKA (curve u8, scalar 32 bytes), the
//     CRT (its 'A6' TLV, blob), SIN and SDIN (optional: two blobs)
//   step u8 (CreateIsdp 0, AuditAfterExpiry 1, Download 2, Completed 3,
//     Enable 4, DeleteIsdp 5, Done 6), calls made u32, the call in flight
//     (its call id; empty: none), ISD-P AID (blob: empty or 16 bytes)
//   ES8 job: optional (u8 0/1), Es8Download::save_state()'s section
//   failure, result: a result each (function, call_id, eid, iccid, status
//     u8, subject, reason, message, data); outcome u8 (Installed 0,
//     Untouched 1, Withheld 2)
//
// The SM-DP's id, CERT.DP.ECDSA and SK.DP.ECDSA are its configuration, not
// saved: the order takes them from the SM-DP restored into.
#include <stdexcept>
#include <string>

#include "cardcore/ecasd/key_agreement_crt.hpp"
#include "twinmodels/platform/download_order.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using namespace state_fields;
namespace ecasd = cardcore::ecasd;

ecasd::Curve read_curve(state::Reader& r, const char* what) {
  const std::uint8_t c = r.u8(what);
  const std::optional<ecasd::Curve> curve = ecasd::curve_from_reference(c);
  if (!curve) r.fail(std::string(what) + ": key parameter reference " + std::to_string(c) + " unknown");
  return *curve;
}

void put_key_establishment(Bytes& out, const ecasd::OffCardKeyEstablishmentConfig& k) {
  state::put_u8(out, ecasd::key_parameter_reference(k.ecasd_public_key.curve));
  state::put_blob(out, k.ecasd_public_key.point);
  state::put_u8(out, ecasd::key_parameter_reference(k.ephemeral_key.curve()));
  state::put_bytes(out, k.ephemeral_key.scalar());
  state::put_blob(out, ecasd::encode_crt(k.crt));
  state::put_u8(out, k.identity ? 1 : 0);
  if (k.identity) {
    state::put_blob(out, k.identity->sin);
    state::put_blob(out, k.identity->sdin);
  }
}

ecasd::OffCardKeyEstablishmentConfig read_key_establishment(state::Reader& r, const ecasd::Certificate& certificate,
                                                            const ecasd::PrivateKey& signing_key) {
  const ecasd::Curve curve = read_curve(r, "PK.ECASD.ECKA curve");
  const Bytes point = r.blob("PK.ECASD.ECKA", ecasd::kPointBytes);
  const std::optional<ecasd::PublicKey> pk = ecasd::make_public_key(curve, point);
  if (!pk) r.fail("PK.ECASD.ECKA is not a point of its curve");
  const ecasd::Curve ephemeral_curve = read_curve(r, "eSK.DP.ECKA curve");
  const cardcore::ByteView scalar = r.bytes(ecasd::kFieldBytes, "eSK.DP.ECKA");
  std::optional<ecasd::PrivateKey> ephemeral;
  try {
    ephemeral.emplace(ephemeral_curve, scalar);
  } catch (const std::invalid_argument& e) {
    r.fail(std::string("eSK.DP.ECKA: ") + e.what());
  }
  const ecasd::Outcome<ecasd::KeyAgreementCrt> crt = ecasd::decode_crt(r.blob("key agreement CRT", 512));
  if (!crt.ok()) r.fail("key agreement CRT: " + crt.detail);
  std::optional<ecasd::SecurityDomainIdentity> identity;
  if (r.flag("SIN and SDIN")) identity = ecasd::SecurityDomainIdentity{r.blob("SIN", 255), r.blob("SDIN", 255)};
  return {certificate, signing_key, *pk, *ephemeral, *crt.value, std::move(identity)};
}

}  // namespace

// The request's flags byte.
constexpr std::uint8_t kFlagEnable = 0x01, kFlagScp03t = 0x02;

void DownloadOrder::save_state(Bytes& out) const {
  const DownloadProfileRequest& q = plan_.request;
  for (const std::string* s : {&q.call_id, &q.mno_id, &q.eid, &q.iccid, &q.profile_type, &q.smsr_id}) state::put_text(out, *s);
  state::put_u8(out, static_cast<std::uint8_t>((q.enable_profile ? kFlagEnable : 0) | (plan_.scp03t ? kFlagScp03t : 0)));
  state::put_u8(out, plan_.required_memory ? 1 : 0);
  if (plan_.required_memory) state::put_u32(out, *plan_.required_memory);
  state::put_blob(out, plan_.package);
  state::put_text(out, plan_.imsi);
  state::put_text(out, plan_.msisdn);
  state::put_blob(out, plan_.host_challenge);
  put_key_establishment(out, plan_.key_establishment);
  state::put_u8(out, static_cast<std::uint8_t>(step_));
  state::put_u32(out, calls_);
  state::put_text(out, waiting_);
  state::put_blob(out, isdp_aid_);
  state::put_u8(out, job_ ? 1 : 0);
  if (job_) job_->save_state(out);
  put_result(out, failure_);
  put_result(out, result_);
  state::put_u8(out, static_cast<std::uint8_t>(outcome_));
}

DownloadOrder DownloadOrder::parse_state(state::Reader& r, const std::string& smdp_id,
                                         const ecasd::Certificate& certificate, const ecasd::PrivateKey& signing_key) {
  DownloadProfileRequest q;
  for (std::string* s : {&q.call_id, &q.mno_id, &q.eid, &q.iccid, &q.profile_type, &q.smsr_id}) *s = read_text(r, "order request");
  const std::uint8_t flags = r.u8("order flags");
  if ((flags & ~(kFlagEnable | kFlagScp03t)) != 0) r.fail("order flags " + std::to_string(flags) + ": unknown bits");
  q.enable_profile = (flags & kFlagEnable) != 0;
  std::optional<std::uint32_t> required_memory;
  if (r.flag("order required memory")) required_memory = r.u32("order required memory");
  Bytes package = r.blob("order package", kMaxBytes);
  std::string imsi = read_text(r, "order imsi");
  std::string msisdn = read_text(r, "order msisdn");
  Bytes host_challenge = r.blob("order host challenge", 8);
  if (host_challenge.size() != 8) r.fail("order host challenge of " + std::to_string(host_challenge.size()) + " bytes, not 8");
  ecasd::OffCardKeyEstablishmentConfig key_establishment = read_key_establishment(r, certificate, signing_key);
  DownloadOrder o(DownloadPlan{std::move(q), smdp_id, required_memory, std::move(package), std::move(imsi),
                               std::move(msisdn), std::move(host_challenge), std::move(key_establishment),
                               (flags & kFlagScp03t) != 0});
  const std::string& call_id = o.plan_.request.call_id;
  const std::uint8_t step = r.u8("order step");
  if (step > static_cast<std::uint8_t>(Step::Done)) r.fail("order " + call_id + ": step " + std::to_string(step) + " unknown");
  o.step_ = static_cast<Step>(step);
  o.calls_ = r.u32("order calls made");
  o.waiting_ = read_text(r, "order call in flight");
  o.isdp_aid_ = r.blob("order ISD-P AID", 16);
  if (!o.isdp_aid_.empty() && o.isdp_aid_.size() != 16) r.fail("order " + call_id + ": an ISD-P AID not of 16 bytes");
  if (r.flag("order ES8 job")) {
    if (o.isdp_aid_.empty()) r.fail("order " + call_id + ": an ES8 job without an ISD-P");
    o.job_.emplace(Es8Download::parse_state(r, o.job_config(), o.plan_.key_establishment));
  }
  o.failure_ = read_result(r);
  o.result_ = read_result(r);
  const std::uint8_t outcome = r.u8("order outcome");
  if (outcome > static_cast<std::uint8_t>(Outcome::Withheld))
    r.fail("order " + call_id + ": outcome " + std::to_string(outcome) + " unknown");
  o.outcome_ = static_cast<Outcome>(outcome);
  // The calls are numbered call_id/1, /2, ... (es3()); the download's
  // scripts are the job's.
  if (!o.waiting_.empty() && o.waiting_ != call_id + "/" + std::to_string(o.calls_))
    r.fail("order " + call_id + ": the call in flight " + o.waiting_ + " is not its last");
  if (o.step_ == Step::Download && !o.job_) r.fail("order " + call_id + ": downloading without an ES8 job");
  if (o.step_ == Step::Done) r.fail("order " + call_id + ": finished, and still in progress");
  return o;
}

}  // namespace twinmodels::platform
