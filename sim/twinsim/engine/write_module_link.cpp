#include "twinsim/engine/write_module_link.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "twinmodels/state/state_bytes.hpp"

namespace twinsim {

namespace ota = twinmodels::ota;
namespace st = twinmodels::state;

void WriteModuleLink::send(const ota::WriteSubmission& ws) {
  if (!smpp_.links) {
    outbox_.emplace(ws.at + latency_, ws);
    return;
  }
  smpp_.links->send(smpp_.to_smsc, ws.at, smpp_.pdu_bytes, [this, ws](SimTime l) { outbox_.emplace(ws.at + l, ws); });
}

void WriteModuleLink::report(SimTime t, const Report& r) {
  if (!smpp_.links) {
    inbox_.emplace(t + latency_, r);
    return;
  }
  smpp_.links->send(smpp_.from_smsc, t, smpp_.pdu_bytes, [this, t, r](SimTime l) { inbox_.emplace(t + l, r); });
}

std::vector<ota::WriteSubmission> WriteModuleLink::take_arrived(SimTime t) {
  std::vector<ota::WriteSubmission> out;
  while (!outbox_.empty() && outbox_.begin()->first <= t) {
    ota::WriteSubmission ws = outbox_.begin()->second;
    ws.at = outbox_.begin()->first;
    out.push_back(ws);
    outbox_.erase(outbox_.begin());
  }
  return out;
}

void WriteModuleLink::por(SimTime t, std::uint32_t order, int result) {
  report(t, Report{order, false, static_cast<std::int16_t>(std::clamp(result, -1, 255))});
}

void WriteModuleLink::final_report(SimTime t, std::uint32_t order) {
  report(t, Report{order, true, 0});
}

void WriteModuleLink::catch_up(SimTime t, ota::WriteModule& module) {
  while (!inbox_.empty() && inbox_.begin()->first <= t) {
    const SimTime at = last_ = std::max(last_, inbox_.begin()->first);
    const Report r = inbox_.begin()->second;
    inbox_.erase(inbox_.begin());
    module.poll(at);  // what fell due before it, in time order
    if (r.final) module.on_final_report(at, r.order);
    else module.on_por(at, r.order, r.result);
  }
  last_ = std::max(last_, t);
  module.poll(last_);
}

SimTime WriteModuleLink::next_wakeup() const {
  SimTime next = twinmodels::kNever;
  if (!outbox_.empty()) next = outbox_.begin()->first;
  if (!inbox_.empty()) next = std::min(next, inbox_.begin()->first);
  return next;
}

// "WMLK", version u16 (1), latency i64, last time i64, packets u32 x
// (arrival i64, order u32, attempt u32, sent i64), reports u32 x (arrival
// i64, order u32, final u8, result i16 as u16), CRC-32 u32 of everything
// before it; each list in arrival order (ties in the order sent).
cardcore::Bytes WriteModuleLink::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, "WMLK", 1);
  st::put_u64(out, static_cast<std::uint64_t>(latency_));
  st::put_u64(out, static_cast<std::uint64_t>(last_));
  st::put_u32(out, static_cast<std::uint32_t>(outbox_.size()));
  for (const auto& [at, ws] : outbox_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u32(out, ws.order);
    st::put_u32(out, ws.attempt);
    st::put_u64(out, static_cast<std::uint64_t>(ws.at));
  }
  st::put_u32(out, static_cast<std::uint32_t>(inbox_.size()));
  for (const auto& [at, r] : inbox_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u32(out, r.order);
    st::put_u8(out, r.final ? 1 : 0);
    st::put_u16(out, static_cast<std::uint16_t>(r.result));
  }
  st::put_crc(out);
  return out;
}

void WriteModuleLink::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "write module link");
  r.sealed_header("WMLK", 1);
  const std::int64_t latency = r.i64("latency");
  if (latency != latency_)
    r.fail("latency " + std::to_string(latency) + " us is not the scenario's (" + std::to_string(latency_) + " us)");
  const std::int64_t last = r.i64("last time");
  if (last < 0) r.fail("last time " + std::to_string(last) + " is negative");
  auto order = [&](const char* what) {
    const std::uint32_t o = r.u32(what);
    if (o >= orders_) r.fail(std::string(what) + " " + std::to_string(o) + " is not below the " + std::to_string(orders_) + " orders");
    return o;
  };
  std::multimap<SimTime, ota::WriteSubmission> outbox;
  for (std::uint32_t n = r.count("packets", 24); n > 0; --n) {
    const std::int64_t at = r.i64("packet arrival");
    ota::WriteSubmission ws;
    ws.order = order("packet order");
    ws.attempt = r.u32("packet attempt");
    ws.at = r.i64("packet sent");
    // Its route's latency, and on the links its transfer too.
    if (ws.at < 0 || at < ws.at + latency_ || (!smpp_.links && at != ws.at + latency_))
      r.fail("a packet sent at " + std::to_string(ws.at) + " us arrives at " + std::to_string(at) + " us");
    if (!outbox.empty() && at < outbox.rbegin()->first) r.fail("packets out of arrival order");
    outbox.emplace_hint(outbox.end(), at, ws);
  }
  std::multimap<SimTime, Report> inbox;
  for (std::uint32_t n = r.count("reports", 15); n > 0; --n) {
    const std::int64_t at = r.i64("report arrival");
    if (at < latency_) r.fail("a report arrives at " + std::to_string(at) + " us, before the link's latency");
    Report rep;
    rep.order = order("report order");
    rep.final = r.flag("report final");
    rep.result = static_cast<std::int16_t>(r.u16("report result"));
    if (rep.result < -1 || rep.result > 255) r.fail("PoR result " + std::to_string(rep.result) + " out of -1..255");
    if (!inbox.empty() && at < inbox.rbegin()->first) r.fail("reports out of arrival order");
    inbox.emplace_hint(inbox.end(), at, rep);
  }
  r.expect_end();
  last_ = last;
  outbox_ = std::move(outbox);
  inbox_ = std::move(inbox);
}

}  // namespace twinsim
