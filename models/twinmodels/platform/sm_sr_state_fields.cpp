// The SM-SR checkpoint's fields (sm_sr_state_fields.hpp): SGP.02's EIS
// (§5.1.1.2), ES4/ES3 calls and their results, the SM-SR change orders and
// the ISD-R's SCP80 key set (TS 102 225 §5.1), little-endian as
// sm_sr_state.cpp's layout gives them.
#include "twinmodels/platform/sm_sr_state_fields.hpp"

#include <array>
#include <string>

namespace twinmodels::platform::state_fields {

using cardcore::Bytes;
using cardcore::ByteView;

namespace {

using state::put_text;

Bytes read_bytes(state::Reader& r, const char* what) { return r.blob(what, kMaxBytes); }

void put_opt_u8(Bytes& out, const std::optional<std::uint8_t>& v) {
  state::put_u8(out, v ? 1 : 0);
  if (v) state::put_u8(out, *v);
}
std::optional<std::uint8_t> read_opt_u8(state::Reader& r, const char* what) {
  if (!r.flag(what)) return std::nullopt;
  return r.u8(what);
}
void put_opt_u32(Bytes& out, const std::optional<std::uint32_t>& v) {
  state::put_u8(out, v ? 1 : 0);
  if (v) state::put_u32(out, *v);
}
std::optional<std::uint32_t> read_opt_u32(state::Reader& r, const char* what) {
  if (!r.flag(what)) return std::nullopt;
  return r.u32(what);
}

void put_address(Bytes& out, const cardcore::sms::Address& a) {
  state::put_u8(out, static_cast<std::uint8_t>(a.ton));
  state::put_u8(out, static_cast<std::uint8_t>(a.npi));
  put_text(out, a.value);
}
cardcore::sms::Address read_address(state::Reader& r, const char* what) {
  cardcore::sms::Address a;
  const std::uint8_t ton = r.u8(what);
  const std::uint8_t npi = r.u8(what);
  if (ton > 7 || npi > 15)
    r.fail(std::string(what) + ": type of address " + std::to_string(ton) + "/" + std::to_string(npi) + " out of range");
  a.ton = static_cast<cardcore::sms::TypeOfNumber>(ton);
  a.npi = static_cast<cardcore::sms::NumberingPlan>(npi);
  a.value = r.text(what, kMaxText);
  return a;
}

}  // namespace

void put_pol2(Bytes& out, const std::vector<Pol2Rule>& rules) {
  state::put_u32(out, static_cast<std::uint32_t>(rules.size()));
  for (const Pol2Rule& rule : rules) {
    state::put_u8(out, static_cast<std::uint8_t>(rule.action));
    state::put_u8(out, static_cast<std::uint8_t>(rule.qualification));
  }
}
std::vector<Pol2Rule> read_pol2(state::Reader& r, const std::string& what) {
  std::vector<Pol2Rule> rules;
  const std::uint32_t n = r.count("POL2 rules", 2);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint8_t action = r.u8("POL2 action");
    const std::uint8_t qualification = r.u8("POL2 qualification");
    if (action > static_cast<std::uint8_t>(Pol2Action::Delete))
      r.fail(what + ": POL2 action " + std::to_string(action) + " unknown");
    if (qualification > static_cast<std::uint8_t>(Pol2Qualification::AutoDelete))
      r.fail(what + ": POL2 qualification " + std::to_string(qualification) + " unknown");
    rules.push_back({static_cast<Pol2Action>(action), static_cast<Pol2Qualification>(qualification)});
  }
  if (const auto error = pol2_error(rules)) r.fail(what + ": POL2 " + *error);
  return rules;
}

std::string read_text(state::Reader& r, const char* what) { return r.text(what, kMaxText); }

void put_tar(Bytes& out, const cardcore::ota::Tar& t) { state::put_bytes(out, t); }
cardcore::ota::Tar read_tar(state::Reader& r, const char* what) {
  const ByteView b = r.bytes(3, what);
  return cardcore::ota::Tar{b[0], b[1], b[2]};
}

void put_order(Bytes& out, const SmSrChangeOrder& o) {
  for (const std::string* s : {&o.call_id, &o.mno_id, &o.eid, &o.smsr_id}) put_text(out, *s);
}
SmSrChangeOrder read_order(state::Reader& r) {
  SmSrChangeOrder o;
  for (std::string* s : {&o.call_id, &o.mno_id, &o.eid, &o.smsr_id}) *s = read_text(r, "SM-SR change order");
  return o;
}

void put_call(Bytes& out, const FunctionCall& f) {
  state::put_u8(out, static_cast<std::uint8_t>(f.kind));
  for (const std::string* s : {&f.interface, &f.call_id, &f.eid, &f.iccid, &f.mno_id, &f.smdp_id}) put_text(out, *s);
  put_opt_u32(out, f.nonvolatile_quota);
  state::put_blob(out, f.sd_aid);
  state::put_blob(out, f.script);
  put_text(out, f.imsi);
  put_text(out, f.msisdn);
  state::put_u8(out, f.key_version);
  state::put_u8(out, f.psk_version);
  put_pol2(out, f.pol2);
}
FunctionCall read_call(state::Reader& r) {
  FunctionCall f;
  const std::uint8_t kind = r.u8("call kind");
  if (kind > static_cast<std::uint8_t>(FunctionCall::Kind::UpdatePolicyRules))
    r.fail("function kind " + std::to_string(kind) + " unknown");
  f.kind = static_cast<FunctionCall::Kind>(kind);
  for (std::string* s : {&f.interface, &f.call_id, &f.eid, &f.iccid, &f.mno_id, &f.smdp_id}) *s = read_text(r, "call");
  f.nonvolatile_quota = read_opt_u32(r, "call nonvolatile_quota");
  f.sd_aid = read_bytes(r, "call sd_aid");
  f.script = read_bytes(r, "call script");
  f.imsi = read_text(r, "call imsi");
  f.msisdn = read_text(r, "call msisdn");
  f.key_version = r.u8("call key_version");
  f.psk_version = r.u8("call psk_version");
  f.pol2 = read_pol2(r, "call " + f.call_id);
  return f;
}

void put_eis(Bytes& out, const Eis& e) {
  for (const std::string* s : {&e.eid, &e.eum_id, &e.smsr_id}) put_text(out, *s);
  state::put_blob(out, e.isd_r_aid);
  put_opt_u8(out, e.isd_r_psk_version);
  state::put_blob(out, e.ecasd_certificate);
  state::put_u32(out, static_cast<std::uint32_t>(e.profiles.size()));
  for (const EisProfile& p : e.profiles) {
    put_text(out, p.iccid);
    state::put_blob(out, p.isdp_aid);
    for (const std::string* s : {&p.mno_id, &p.smdp_id, &p.imsi, &p.msisdn}) put_text(out, *s);
    state::put_u8(out, static_cast<std::uint8_t>(p.state));
    state::put_u8(out, p.fallback ? 1 : 0);
    state::put_u8(out, p.emergency ? 1 : 0);
    state::put_u8(out, p.pol1);
    put_pol2(out, p.pol2);
  }
  put_opt_u32(out, e.free_nonvolatile_memory);
  put_opt_u32(out, e.free_volatile_memory);
  put_opt_u32(out, e.installed_applications);
}
Eis read_eis(state::Reader& r) {
  Eis e;
  for (std::string* s : {&e.eid, &e.eum_id, &e.smsr_id}) *s = read_text(r, "EIS");
  e.isd_r_aid = read_bytes(r, "EIS isd_r_aid");
  e.isd_r_psk_version = read_opt_u8(r, "EIS isd_r_psk_version");
  e.ecasd_certificate = read_bytes(r, "EIS ecasd_certificate");
  const std::uint32_t n = r.count("EIS profiles", 28);
  for (std::uint32_t i = 0; i < n; ++i) {
    EisProfile p;
    p.iccid = read_text(r, "profile iccid");
    p.isdp_aid = read_bytes(r, "profile isdp_aid");
    for (std::string* s : {&p.mno_id, &p.smdp_id, &p.imsi, &p.msisdn}) *s = read_text(r, "profile");
    const std::uint8_t st = r.u8("profile state");
    if (st > static_cast<std::uint8_t>(ProfileState::Enabled))
      r.fail("EIS " + e.eid + ": profile state " + std::to_string(st) + " unknown");
    p.state = static_cast<ProfileState>(st);
    p.fallback = r.flag("profile fallback");
    p.emergency = r.flag("profile emergency");
    p.pol1 = r.u8("profile pol1");
    p.pol2 = read_pol2(r, "EIS " + e.eid + " profile " + p.iccid);
    e.profiles.push_back(std::move(p));
  }
  e.free_nonvolatile_memory = read_opt_u32(r, "EIS free_nonvolatile_memory");
  e.free_volatile_memory = read_opt_u32(r, "EIS free_volatile_memory");
  e.installed_applications = read_opt_u32(r, "EIS installed_applications");
  return e;
}

void put_card_config(Bytes& out, const ota::OtaCardConfig& c) {
  put_tar(out, c.tar);
  state::put_u8(out, c.keys.kic);
  state::put_blob(out, c.keys.kic_key);
  state::put_u8(out, c.keys.kid);
  state::put_blob(out, c.keys.kid_key);
  state::put_bytes(out, c.security.spi.encode());
  state::put_u8(out, static_cast<std::uint8_t>(c.security.aes_cc_length));
  state::put_u8(out, c.security.rc_kid);
  state::put_u64(out, c.counter);
  put_address(out, c.originator);
  state::put_u8(out, c.first_reference);
}
ota::OtaCardConfig read_card_config(state::Reader& r) {
  ota::OtaCardConfig c;
  c.tar = read_tar(r, "ISD-R TAR");
  c.keys.kic = r.u8("ISD-R KIc");
  c.keys.kic_key = r.blob("ISD-R KIc key", 32);
  c.keys.kid = r.u8("ISD-R KID");
  c.keys.kid_key = r.blob("ISD-R KID key", 32);
  const ByteView spi = r.bytes(2, "ISD-R SPI");
  c.security.spi = cardcore::ota::Spi::parse(spi[0], spi[1]);
  if (c.security.spi.encode() != std::array<std::uint8_t, 2>{spi[0], spi[1]})
    r.fail("ISD-R SPI " + cardcore::to_hex(spi) + ": reserved bits set");
  c.security.aes_cc_length = r.u8("ISD-R AES CC length");
  c.security.rc_kid = r.u8("ISD-R RC KID");
  c.counter = r.u64("ISD-R counter");
  if (c.counter > cardcore::ota::kCounterMax) r.fail("ISD-R counter above 'FFFFFFFFFF' (TS 102 225 §5.1)");
  c.originator = read_address(r, "ISD-R originator");
  c.first_reference = r.u8("ISD-R first_reference");
  return c;
}

void put_result(Bytes& out, const FunctionResult& x) {
  for (const std::string* s : {&x.function, &x.call_id, &x.eid, &x.iccid}) put_text(out, *s);
  state::put_u8(out, static_cast<std::uint8_t>(x.status));
  for (const std::string* s : {&x.subject, &x.reason, &x.message}) put_text(out, *s);
  state::put_u8(out, x.por_status);
  state::put_blob(out, x.data);
}
FunctionResult read_result(state::Reader& r) {
  FunctionResult x;
  for (std::string* s : {&x.function, &x.call_id, &x.eid, &x.iccid}) *s = read_text(r, "result");
  const std::uint8_t status = r.u8("result status");
  if (status > static_cast<std::uint8_t>(ExecutionStatus::Expired))
    r.fail("result status " + std::to_string(status) + " unknown");
  x.status = static_cast<ExecutionStatus>(status);
  for (std::string* s : {&x.subject, &x.reason, &x.message}) *s = read_text(r, "result");
  x.por_status = r.u8("result PoR status");
  if (x.por_status > 0x0C) r.fail("result PoR status " + std::to_string(x.por_status) + " out of 0-0C");
  x.data = read_bytes(r, "result data");
  return x;
}

}  // namespace twinmodels::platform::state_fields
