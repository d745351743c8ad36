// SmSr::save_state() / restore_state(): the SM-SR's state for simulator
// checkpoints (docs/CHECKPOINTS.md), little-endian (state/state_bytes.hpp);
// text and bytes are a u32 length and the bytes, an optional a u8 (0 none,
// 1 present) and the value:
//
//   "SMSR", version u16 (5; 4 had no lost PoRs and settling audit in an
//     operation, 3 no PoR status in a result, 2 no
//     Auto-Delete list, 1 no POL2 in the EIS and the calls: refused)
//   id (the config's: checked), next_connection u32
//   eUICCs u32, in EID order; each:
//     EIS: eid, eum_id, smsr_id, isd_r_aid, isd_r_psk_version (optional u8),
//       ecasd_certificate, profiles u32 x (iccid, isdp_aid, mno_id, smdp_id,
//       imsi, msisdn, state u8, fallback u8, emergency u8, pol1 u8, POL2 rules
//       u32 x (action u8, qualification u8)),
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
//       attempts u32, lost u32 (of those, the PoRs lost), internal u8,
//       settling u8 (an audit after CNTR low goes next)
//     unsettled_creates u32 x call
//     auto_delete u32 x iccid (POL2's Auto-Delete awaiting the notification), oldest first
//     in_flight u8, SCP81 key (optional: key_version u8, key_id u8, PSK),
//     https_step u8, https_connection (optional u32; none in a saved state)
//       call: kind u8, interface, call_id, eid, iccid, mno_id, smdp_id,
//             nonvolatile_quota (optional u32), sd_aid, script, imsi, msisdn,
//             key_version u8, psk_version u8, POL2 rules u32 x (action u8,
//             qualification u8)
//   MSISDN index u32 x (msisdn, eid), in MSISDN order
//   SM-SR changes prepared, then in flight: u32 x (eid, call_id, mno_id,
//     eid, smsr_id) each, in EID order
//   MO SMS reassembler: u32 length, Reassembler::save_state()'s section
//   results not yet taken u32 x (function, call_id, eid, iccid, status u8,
//     subject, reason, message, PoR status u8, data), oldest first
//   HTTPS errors u32 x text, oldest first
//   CRC-32 u32 of everything before it
//
// The HTTPS admin connections are not in it: each holds a live TLS session
// (keys, sequence numbers, buffers: admin_connection.hpp), which cannot be
// written down, so save_state() refuses while one is open.
#include <stdexcept>
#include <string>

#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
using namespace state_fields;

constexpr char kSmsrMagic[5] = "SMSR";
constexpr std::uint16_t kSmsrVersion = 5;

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
      state::put_u32(out, op.lost);
      state::put_u8(out, op.internal ? 1 : 0);
      state::put_u8(out, op.settling ? 1 : 0);
    }
    state::put_u32(out, static_cast<std::uint32_t>(m.unsettled_creates.size()));
    for (const FunctionCall& f : m.unsettled_creates) put_call(out, f);
    state::put_u32(out, static_cast<std::uint32_t>(m.auto_delete.size()));
    for (const std::string& iccid : m.auto_delete) state::put_text(out, iccid);
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
    const std::uint32_t nq = r.count("queue", 53);
    for (std::uint32_t i = 0; i < nq; ++i) {
      Operation op;
      op.call = read_call(r);
      op.script = r.blob("operation script", kMaxBytes);
      op.tar = read_tar(r, "operation TAR");
      op.attempts = r.u32("operation attempts");
      op.lost = r.u32("operation lost PoRs");
      if (op.lost > op.attempts) r.fail("eUICC " + eid + ": an operation with more PoRs lost than attempts");
      op.internal = r.flag("operation internal");
      op.settling = r.flag("operation settling");
      m.queue.push_back(std::move(op));
    }
    const std::uint32_t nu = r.count("unsettled creates", 44);
    for (std::uint32_t i = 0; i < nu; ++i) m.unsettled_creates.push_back(read_call(r));
    const std::uint32_t na = r.count("auto deletes", 4);
    // A profile an audit removed since may be among them: it is skipped
    // when the deletions are queued (sm_sr_auto_delete.cpp).
    for (std::uint32_t i = 0; i < na; ++i) m.auto_delete.push_back(read_text(r, "auto delete ICCID"));
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
  put_header(b, kSmsrMagic, kSmsrVersion);
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
  // A session under way would go on against eUICCs the state replaces.
  if (!https_.empty())
    throw std::logic_error("SM-SR state: cannot restore while an HTTPS admin connection is open");
  state::Reader r(in, "SM-SR");
  r.sealed_header(kSmsrMagic, kSmsrVersion);
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
  candidates_.clear();
  all_candidates_ = true;
}

}  // namespace twinmodels::platform
