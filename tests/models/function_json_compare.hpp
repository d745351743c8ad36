#pragma once
// Field-by-field comparisons of the platforms' messages for the JSON tests
// (test_function_json.cpp, test_function_trace.cpp).
#include <gtest/gtest.h>

#include <variant>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/function_json.hpp"

namespace twinmodels::testing {

inline void expect_same_call(const platform::FunctionCall& a, const platform::FunctionCall& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.interface, b.interface);
  EXPECT_EQ(a.call_id, b.call_id);
  EXPECT_EQ(a.eid, b.eid);
  EXPECT_EQ(a.iccid, b.iccid);
  EXPECT_EQ(a.mno_id, b.mno_id);
  EXPECT_EQ(a.smdp_id, b.smdp_id);
  EXPECT_EQ(a.nonvolatile_quota, b.nonvolatile_quota);
  EXPECT_EQ(cardcore::to_hex(a.sd_aid), cardcore::to_hex(b.sd_aid));
  EXPECT_EQ(cardcore::to_hex(a.script), cardcore::to_hex(b.script));
  EXPECT_EQ(a.imsi, b.imsi);
  EXPECT_EQ(a.msisdn, b.msisdn);
  EXPECT_EQ(a.key_version, b.key_version);
}

inline void expect_same_result(const platform::FunctionResult& a, const platform::FunctionResult& b) {
  EXPECT_EQ(a.function, b.function);
  EXPECT_EQ(a.call_id, b.call_id);
  EXPECT_EQ(a.eid, b.eid);
  EXPECT_EQ(a.iccid, b.iccid);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(cardcore::to_hex(a.data), cardcore::to_hex(b.data));
}

inline void expect_same_eis(const platform::Eis& a, const platform::Eis& b) {
  EXPECT_EQ(a.eid, b.eid);
  EXPECT_EQ(a.eum_id, b.eum_id);
  EXPECT_EQ(a.smsr_id, b.smsr_id);
  EXPECT_EQ(cardcore::to_hex(a.isd_r_aid), cardcore::to_hex(b.isd_r_aid));
  EXPECT_EQ(cardcore::to_hex(a.ecasd_certificate), cardcore::to_hex(b.ecasd_certificate));
  EXPECT_EQ(a.free_nonvolatile_memory, b.free_nonvolatile_memory);
  EXPECT_EQ(a.free_volatile_memory, b.free_volatile_memory);
  EXPECT_EQ(a.installed_applications, b.installed_applications);
  ASSERT_EQ(a.profiles.size(), b.profiles.size());
  for (std::size_t i = 0; i < a.profiles.size(); ++i) {
    const platform::EisProfile& p = a.profiles[i];
    const platform::EisProfile& q = b.profiles[i];
    EXPECT_EQ(p.iccid, q.iccid);
    EXPECT_EQ(cardcore::to_hex(p.isdp_aid), cardcore::to_hex(q.isdp_aid));
    EXPECT_EQ(p.mno_id, q.mno_id);
    EXPECT_EQ(p.smdp_id, q.smdp_id);
    EXPECT_EQ(p.imsi, q.imsi);
    EXPECT_EQ(p.msisdn, q.msisdn);
    EXPECT_EQ(p.state, q.state);
    EXPECT_EQ(p.fallback, q.fallback);
    EXPECT_EQ(p.emergency, q.emergency);
    EXPECT_EQ(p.pol1, q.pol1);
  }
}

inline void expect_same_request(const platform::FunctionRequest& a, const platform::FunctionRequest& b) {
  EXPECT_EQ(a.requester, b.requester);
  EXPECT_EQ(a.validity_period, b.validity_period);
  ASSERT_EQ(a.input.index(), b.input.index());
  if (const auto* c = std::get_if<platform::FunctionCall>(&a.input)) {
    expect_same_call(*c, std::get<platform::FunctionCall>(b.input));
  } else if (const auto* d = std::get_if<platform::DownloadProfileRequest>(&a.input)) {
    const auto& e = std::get<platform::DownloadProfileRequest>(b.input);
    EXPECT_EQ(d->call_id, e.call_id);
    EXPECT_EQ(d->mno_id, e.mno_id);
    EXPECT_EQ(d->eid, e.eid);
    EXPECT_EQ(d->iccid, e.iccid);
    EXPECT_EQ(d->profile_type, e.profile_type);
    EXPECT_EQ(d->smsr_id, e.smsr_id);
    EXPECT_EQ(d->enable_profile, e.enable_profile);
  } else if (const auto* q = std::get_if<platform::GetEisRequest>(&a.input)) {
    const auto& w = std::get<platform::GetEisRequest>(b.input);
    EXPECT_EQ(q->interface, w.interface);
    EXPECT_EQ(q->call_id, w.call_id);
    EXPECT_EQ(q->eid, w.eid);
  } else if (const auto* o = std::get_if<platform::OneLinkRequest>(&a.input)) {
    const auto& p = std::get<platform::OneLinkRequest>(b.input);
    EXPECT_EQ(o->kind, p.kind);
    EXPECT_EQ(o->call_id, p.call_id);
    EXPECT_EQ(o->eid, p.eid);
    EXPECT_EQ(o->iccid, p.iccid);
    EXPECT_EQ(o->platform, p.platform);
    EXPECT_EQ(o->imsi, p.imsi);
    EXPECT_EQ(o->msisdn, p.msisdn);
  } else if (const auto* r = std::get_if<platform::Es2RelayRequest>(&a.input)) {
    const auto& s = std::get<platform::Es2RelayRequest>(b.input);
    EXPECT_EQ(r->function, s.function);
    EXPECT_EQ(r->request.call_id, s.request.call_id);
    EXPECT_EQ(r->request.mno_id, s.request.mno_id);
    EXPECT_EQ(r->request.eid, s.request.eid);
    EXPECT_EQ(r->request.smsr_id, s.request.smsr_id);
    EXPECT_EQ(r->request.iccid, s.request.iccid);
    EXPECT_EQ(r->request.pol2, s.request.pol2);
  } else if (const auto* g = std::get_if<platform::RegisterEisRequest>(&a.input)) {
    const auto& h = std::get<platform::RegisterEisRequest>(b.input);
    EXPECT_EQ(g->call_id, h.call_id);
    expect_same_eis(g->eis, h.eis);
  } else {
    const auto& x = std::get<platform::SmSrChangeRequest>(a.input);
    const auto& y = std::get<platform::SmSrChangeRequest>(b.input);
    EXPECT_EQ(x.prepare, y.prepare);
    EXPECT_EQ(x.order.call_id, y.order.call_id);
    EXPECT_EQ(x.order.mno_id, y.order.mno_id);
    EXPECT_EQ(x.order.eid, y.order.eid);
    EXPECT_EQ(x.order.smsr_id, y.order.smsr_id);
  }
}

}  // namespace twinmodels::testing
