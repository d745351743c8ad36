// SmSr::save_state() / restore_state(): the SM-SR's state for simulator
// checkpoints (docs/CHECKPOINTS.md), little-endian (state/state_bytes.hpp);
// text and bytes are a u32 length and the bytes, an optional a u8 (0 none,
// 1 present) and the value:
//
//   "SMSR", version u16 (1)
//   id (the config's: checked), next_connection u32
//   eUICCs u32, in EID order; each:
//     EIS: eid, eum_id, smsr_id, isd_r_aid, isd_r_psk_version (optional u8),
//       ecasd_certificate, profiles u32 x (iccid, isdp_aid, mno_id, smdp_id,
//       imsi, msisdn, state u8, fallback u8, emergency u8, pol1 u8),
//       free_nonvolatile_memory, free_volatile_memory,
//       installed_applications (optional u32 each)
//     ISD-R key set (ota_sms_link.hpp OtaCardConfig): TAR (3 bytes),
//       KIc u8, KIc key, KID u8, KID key, SPI (2 bytes, TS 102 225 §5.1.1),
//       AES CC length u8, RC KID u8, counter u64, originator (TON u8,
//       NPI u8, digits), first_reference u8
//     links u32, in TAR order; each: TAR (3 bytes), the counter it was made
//       with u64, OtaSmsLink::save_state()'s section
//     counter u64, notification_counter u64
//     queue u32 x operation, front first: call, script, TAR (3 bytes),
//       attempts u32, internal u8
//     unsettled_creates u32 x call
//     in_flight u8, SCP81 key (optional: key_version u8, key_id u8, PSK),
//     https_step u8, https_connection (optional u32; none in a saved state)
//       call: kind u8, interface, call_id, eid, iccid, mno_id, smdp_id,
//             nonvolatile_quota (optional u32), sd_aid, script, imsi, msisdn,
//             key_version u8, psk_version u8
//   MSISDN index u32 x (msisdn, eid), in MSISDN order
//   SM-SR changes prepared, then in flight: u32 x (eid, call_id, mno_id,
//     eid, smsr_id) each, in EID order
//   MO SMS reassembler: u32 length, Reassembler::save_state()'s section
//   results not yet taken u32 x (function, call_id, eid, iccid, status u8,
//     subject, reason, message, data), oldest first
//   HTTPS errors u32 x text, oldest first
//   CRC-32 u32 of everything before it
//
// The HTTPS admin connections are not in it: each holds a live TLS session
// (keys, sequence numbers, buffers: admin_connection.hpp), which cannot be
// written down, so save_state() refuses while one is open.
#include <stdexcept>
#include <string>

#include "twinmodels/platform/admin_connection.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;

constexpr char kMagic[5] = "SMSR";
constexpr std::uint16_t kVersion = 1;
constexpr std::size_t kMaxText = 1 << 16;  // a name, an address, a message
constexpr std::size_t kMaxBytes = 1 << 20;  // a script, a certificate, a section

void put_text(Bytes& out, const std::string& s) {
  state::put_blob(out, ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}
std::string read_text(state::Reader& r, const char* what) {
  const Bytes b = r.blob(what, kMaxText);
  return std::string(b.begin(), b.end());
}
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

void put_tar(Bytes& out, const cardcore::ota::Tar& t) { state::put_bytes(out, t); }
cardcore::ota::Tar read_tar(state::Reader& r, const char* what) {
  const ByteView b = r.bytes(3, what);
  return cardcore::ota::Tar{b[0], b[1], b[2]};
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
  a.value = read_text(r, what);
  return a;
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
}
FunctionCall read_call(state::Reader& r) {
  FunctionCall f;
  const std::uint8_t kind = r.u8("call kind");
  if (kind > static_cast<std::uint8_t>(FunctionCall::Kind::DeleteKeySet))
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
  x.data = read_bytes(r, "result data");
  return x;
}

}  // namespace

// The nested codec reaches the private Managed and Operation.
struct SmSr::StateCodec {
  static void put_managed(Bytes& out, const Managed& m) {
    put_eis(out, m.eis);
    put_card_config(out, m.isd_r);
    state::put_u32(out, static_cast<std::uint32_t>(m.links.size()));
    for (const auto& [tar, link] : m.links) {
      put_tar(out, tar);
      state::put_u64(out, link.config().counter);
      link.save_state(out);
    }
    state::put_u64(out, m.counter);
    state::put_u64(out, m.notification_counter);
    state::put_u32(out, static_cast<std::uint32_t>(m.queue.size()));
    for (const Operation& op : m.queue) {
      put_call(out, op.call);
      state::put_blob(out, op.script);
      put_tar(out, op.tar);
      state::put_u32(out, op.attempts);
      state::put_u8(out, op.internal ? 1 : 0);
    }
    state::put_u32(out, static_cast<std::uint32_t>(m.unsettled_creates.size()));
    for (const FunctionCall& f : m.unsettled_creates) put_call(out, f);
    state::put_u8(out, m.in_flight ? 1 : 0);
    state::put_u8(out, m.scp81 ? 1 : 0);
    if (m.scp81) {
      state::put_u8(out, m.scp81->key_version);
      state::put_u8(out, m.scp81->key_id);
      state::put_blob(out, m.scp81->psk);
    }
    state::put_u8(out, static_cast<std::uint8_t>(m.https_step));
    state::put_u8(out, m.https_connection ? 1 : 0);
    if (m.https_connection) state::put_u32(out, *m.https_connection);
  }

  static Managed read_managed(state::Reader& r, const std::string& eid) {
    Managed m;
    m.eis = read_eis(r);
    if (m.eis.eid != eid) r.fail("eUICC " + eid + ": its EIS names EID " + m.eis.eid);
    m.isd_r = read_card_config(r);
    const std::uint32_t nl = r.count("links", 19);
    for (std::uint32_t i = 0; i < nl; ++i) {
      const cardcore::ota::Tar tar = read_tar(r, "link TAR");
      if (!m.links.empty() && !(m.links.rbegin()->first < tar))
        r.fail("eUICC " + eid + ": links out of TAR order or repeated");
      ota::OtaCardConfig c = m.isd_r;
      c.tar = tar;
      c.counter = r.u64("link made with counter");
      if (c.counter > cardcore::ota::kCounterMax) r.fail("eUICC " + eid + ": a link made with a counter above 'FFFFFFFFFF'");
      ota::OtaSmsLink link(std::move(c));
      link.restore_state(r);
      m.links.emplace(tar, std::move(link));
    }
    m.counter = r.u64("counter");
    m.notification_counter = r.u64("notification counter");
    if (m.counter > cardcore::ota::kCounterMax || m.notification_counter > cardcore::ota::kCounterMax)
      r.fail("eUICC " + eid + ": a counter above 'FFFFFFFFFF' (TS 102 225 §5.1)");
    const std::uint32_t nq = r.count("queue", 48);
    for (std::uint32_t i = 0; i < nq; ++i) {
      Operation op;
      op.call = read_call(r);
      op.script = read_bytes(r, "operation script");
      op.tar = read_tar(r, "operation TAR");
      op.attempts = r.u32("operation attempts");
      op.internal = r.flag("operation internal");
      m.queue.push_back(std::move(op));
    }
    const std::uint32_t nu = r.count("unsettled creates", 44);
    for (std::uint32_t i = 0; i < nu; ++i) m.unsettled_creates.push_back(read_call(r));
    m.in_flight = r.flag("in_flight");
    if (r.flag("SCP81 key")) {
      Scp81Key k;
      k.key_version = r.u8("SCP81 key version");
      k.key_id = r.u8("SCP81 key id");
      k.psk = r.blob("SCP81 PSK", 64);
      m.scp81 = std::move(k);
    }
    const std::uint8_t step = r.u8("https_step");
    if (step > static_cast<std::uint8_t>(Managed::HttpsStep::ScriptSent))
      r.fail("eUICC " + eid + ": HTTPS step " + std::to_string(step) + " unknown");
    m.https_step = static_cast<Managed::HttpsStep>(step);
    if (r.flag("https_connection"))
      r.fail("eUICC " + eid + ": in HTTPS connection " + std::to_string(r.u32("https_connection")) +
             ", and no connection is open in a saved state");
    if (m.in_flight && m.queue.empty()) r.fail("eUICC " + eid + ": a function in flight and none queued");
    if (!m.in_flight && m.https_step != Managed::HttpsStep::None)
      r.fail("eUICC " + eid + ": an HTTPS step with no function in flight");
    return m;
  }
};

Bytes SmSr::save_state() const {
  if (!https_.empty())
    throw std::logic_error("SM-SR state: an HTTPS admin connection cannot be saved while it is open");
  using namespace state;
  Bytes b;
  put_header(b, kMagic, kVersion);
  put_text(b, config_.id);
  put_u32(b, next_connection_);
  put_u32(b, static_cast<std::uint32_t>(euiccs_.size()));
  for (const auto& [eid, m] : euiccs_) {
    put_text(b, eid);
    StateCodec::put_managed(b, m);
  }
  put_u32(b, static_cast<std::uint32_t>(msisdns_.size()));
  for (const auto& [msisdn, eid] : msisdns_) {
    put_text(b, msisdn);
    put_text(b, eid);
  }
  for (const auto* orders : {&prepared_, &changing_}) {
    put_u32(b, static_cast<std::uint32_t>(orders->size()));
    for (const auto& [eid, o] : *orders) {
      put_text(b, eid);
      put_order(b, o);
    }
  }
  Bytes reassembler;
  reassembler_.save_state(reassembler);
  put_blob(b, reassembler);
  put_u32(b, static_cast<std::uint32_t>(results_.size()));
  for (const FunctionResult& x : results_) put_result(b, x);
  put_u32(b, static_cast<std::uint32_t>(https_errors_.size()));
  for (const std::string& e : https_errors_) put_text(b, e);
  put_crc(b);
  return b;
}

void SmSr::restore_state(ByteView in) {
  state::Reader r(in, "SM-SR");
  r.sealed_header(kMagic, kVersion);
  const std::string id = read_text(r, "id");
  if (id != config_.id) r.fail("saved by SM-SR \"" + id + "\", this one is \"" + config_.id + "\"");
  const std::uint32_t next_connection = r.u32("next_connection");
  if (next_connection == 0) r.fail("next_connection is 0 (connection ids start at 1)");
  std::map<std::string, Managed, std::less<>> euiccs;
  const std::uint32_t ne = r.count("eUICCs", 64);
  for (std::uint32_t i = 0; i < ne; ++i) {
    const std::string eid = read_text(r, "eUICC EID");
    if (!euiccs.empty() && !(euiccs.rbegin()->first < eid)) r.fail("eUICC " + eid + " out of EID order or repeated");
    euiccs.emplace_hint(euiccs.end(), eid, StateCodec::read_managed(r, eid));
  }
  std::map<std::string, std::string, std::less<>> msisdns;
  const std::uint32_t nm = r.count("MSISDNs", 8);
  for (std::uint32_t i = 0; i < nm; ++i) {
    std::string msisdn = read_text(r, "MSISDN");
    std::string eid = read_text(r, "MSISDN's EID");
    if (!msisdns.empty() && !(msisdns.rbegin()->first < msisdn))
      r.fail("MSISDN " + msisdn + " out of order or repeated");
    msisdns.emplace_hint(msisdns.end(), std::move(msisdn), std::move(eid));
  }
  std::map<std::string, SmSrChangeOrder, std::less<>> orders[2];
  for (auto& o : orders) {
    const std::uint32_t n = r.count("SM-SR change orders", 20);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string eid = read_text(r, "SM-SR change EID");
      if (!o.empty() && !(o.rbegin()->first < eid)) r.fail("SM-SR change of " + eid + " out of order or repeated");
      SmSrChangeOrder order = read_order(r);
      if (order.eid != eid) r.fail("the SM-SR change of " + eid + " names EID " + order.eid);
      o.emplace_hint(o.end(), std::move(eid), std::move(order));
    }
  }
  for (const auto& [eid, o] : orders[1]) {
    if (euiccs.count(eid) == 0) r.fail("an SM-SR change in flight for " + eid + ", which this SM-SR does not manage");
  }
  const Bytes saved_reassembler = r.blob("reassembler", kMaxBytes);
  cardcore::sms::Reassembler reassembler = reassembler_;
  try {
    cardcore::state::Reader part(saved_reassembler);
    reassembler = reassembler_.parse_state(part);
    part.expect_end();
  } catch (const std::invalid_argument& e) {
    r.fail(std::string("MO SMS reassembler: ") + e.what());
  }
  std::vector<FunctionResult> results(r.count("results", 33));
  for (FunctionResult& x : results) x = read_result(r);
  std::vector<std::string> errors(r.count("HTTPS errors", 4));
  for (std::string& e : errors) e = read_text(r, "HTTPS error");
  r.expect_end();
  euiccs_ = std::move(euiccs);
  msisdns_ = std::move(msisdns);
  prepared_ = std::move(orders[0]);
  changing_ = std::move(orders[1]);
  reassembler_ = std::move(reassembler);
  results_ = std::move(results);
  next_connection_ = next_connection;
  https_errors_ = std::move(errors);
}

}  // namespace twinmodels::platform
