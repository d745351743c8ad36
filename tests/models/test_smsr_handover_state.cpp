// SmSrHandover::save_state() / parse_state() for checkpoints
// (models/twinmodels/platform/smsr_handover_state.cpp): an SM-SR change
// (SGP.02 §3.8) saved at any point — before start(), after it, with a call
// given and not yet made, made and its result not yet handed back, handed
// back — with both SM-SRs, the device and its eUICC, and restored into new
// objects goes on as the original: the same calls, the same result and
// key set clean-up, the same states at the end. So do a change that also
// establishes the new SM-SR's SCP81 PSK (SGP.02 §2.4.4) and one whose
// ES7.CreateAdditionalKeySet PoRs are all lost (Expired, the partial key
// set deleted). Truncated, damaged or another EID's state is refused.
#include "https_rig.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::testing {
namespace test_smsr_handover_state {

using cardcore::Bytes;
using platform::ExecutionStatus;
using platform::FunctionResult;
using platform::HandoverStep;
using platform::KeySetCleanup;
using platform::SmSr;
using platform::SmSrHandover;

const char* const kKind = "SM-SR handover";

platform::SmSrConfig current_config() {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.es7_partners = {"SM-SR-AGENT"};
  return c;
}
platform::SmSrConfig agent_config() { return {"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}}; }

enum class Ending : std::uint8_t {
  Success,
  SuccessWithPsk,  // the card has an SCP81 PSK; the new SM-SR establishes its own (SGP.02 §2.4.4), all over SMS
  KeySetPorsLost,  // ES7.CreateAdditionalKeySet (the change's call 2) reaches the card; every PoR is lost
};

// China Mobile's order "h1" to the agent's SM-SR.
platform::SmSrHandoverConfig config_for(ChangeRig& rig, Ending ending) {
  platform::SmSrHandoverConfig c = rig.handover_config("CMCC", "h1", kNewSmsr);
  if (ending == Ending::SuccessWithPsk) {
    c.psk_version = 0x41;
    c.psk_ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                  cardcore::ecasd::testing::seed("eSK.SR2.PSK"));
  }
  return c;
}

// One side of the comparison: the handover and the SM-SRs it drives, and
// the caller's part — started or not, the call next() gave and not yet
// made, the result not yet handed back, every call made (encoded).
struct Side {
  std::unique_ptr<SmSr> own_current, own_next;  // a restored side's SM-SRs
  SmSr* current = nullptr;
  SmSr* next = nullptr;
  std::optional<SmSrHandover> h;
  bool started = false;
  std::optional<HandoverStep> step;
  std::optional<FunctionResult> result;
  Bytes calls;
};

// The call's SMS to the device until the SM-SR has its result.
FunctionResult deliver(ChangeRig& rig, SmSr& to, PorPath path) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    carry(rig, to, path);
    std::vector<FunctionResult> r = to.take_results();
    if (!r.empty()) {
      EXPECT_EQ(r.size(), 1u);
      return r.front();
    }
  }
  ADD_FAILURE() << "no result from " << to.id();
  return {};
}

// The caller's next move; false once the handover is finished.
bool advance(Side& s, ChangeRig& rig, Ending ending) {
  if (!s.started) {
    s.started = true;
    EXPECT_TRUE(s.h->start()) << platform::describe(s.h->result());
    return true;
  }
  if (s.result) {
    s.h->on_result(*s.result);
    s.result.reset();
    return true;
  }
  if (s.step) {
    SmSr& to = s.step->to == platform::HandoverSide::Current ? *s.current : *s.next;
    to.call(s.step->call);
    const bool lost = ending == Ending::KeySetPorsLost && s.step->call.call_id == "h1/2";
    s.result = deliver(rig, to, lost ? PorPath::Lost : PorPath::Delivered);
    platform::state_fields::put_call(s.calls, s.step->call);
    s.step.reset();
    return true;
  }
  if (s.h->finished()) return false;
  s.step = s.h->next();
  EXPECT_TRUE(s.step);
  return s.step.has_value();
}

void run_to_end(Side& s, ChangeRig& rig, Ending ending) {
  for (int move = 0; move < 100 && advance(s, rig, ending); ++move) {
  }
  EXPECT_TRUE(s.h->finished());
}

Bytes saved(const SmSrHandover& h) {
  Bytes b;
  h.save_state(b);
  return b;
}

SmSrHandover parsed(const Bytes& b, SmSr& current, SmSr& next, platform::SmSrHandoverConfig config) {
  state::Reader r(b, kKind);
  SmSrHandover h = SmSrHandover::parse_state(r, current, next, std::move(config));
  r.expect_end();
  return h;
}

// Everything a checkpoint holds: the three models, the device and its
// eUICC, the time, the caller's part.
struct Snapshot {
  Bytes handover, current, next, card, modem;
  std::uint64_t now = 0;
  bool started = false;
  std::optional<HandoverStep> step;
  std::optional<FunctionResult> result;
  Bytes calls;
};

Snapshot snapshot(const Side& s, const ChangeRig& rig) {
  return {saved(*s.h), s.current->save_state(), s.next->save_state(), rig.e.save_state(), rig.modem.save_state(),
          rig.now, s.started, s.step, s.result, s.calls};
}

// What both sides must end with.
struct Outcome {
  Bytes result, prepare_result;
  KeySetCleanup cleanup = KeySetCleanup::NotNeeded;
  Bytes calls, handover, current, next, card;
};

Outcome outcome(const Side& s, const ChangeRig& rig) {
  Outcome o;
  platform::state_fields::put_result(o.result, s.h->result());
  platform::state_fields::put_result(o.prepare_result, s.h->prepare_result());
  o.cleanup = s.h->cleanup();
  o.calls = s.calls;
  o.handover = saved(*s.h);
  o.current = s.current->save_state();
  o.next = s.next->save_state();
  o.card = rig.e.save_state();
  return o;
}

struct Run {
  std::size_t moves = 0;      // the caller's moves of the whole change
  std::vector<Bytes> states;  // the handover's state before each, and at the end
  bool resumed = false;       // a checkpoint was taken and resumed
};

// A change with a checkpoint before the caller's move `at` (0: before
// start(); `moves`: at the end): the original runs to its end, then the
// device is rewound to the checkpoint and a side restored from it runs to
// its end; both must end alike. No checkpoint when `at` is past the end.
Run resumed(std::size_t at, Ending ending) {
  const bool psk = ending == Ending::SuccessWithPsk;
  ChangeRig rig{EuiccLayout::Export, current_config(),
                psk ? std::optional<cardcore::euicc::Scp81Personalization>(scp81_factory()) : std::nullopt};
  SmSr agent(agent_config());
  const platform::SmSrHandoverConfig config = config_for(rig, ending);
  Side a;
  a.current = &rig.smsr_platform;
  a.next = &agent;
  a.h.emplace(*a.current, *a.next, config);
  Run c;
  std::optional<Snapshot> snap;
  for (;; ++c.moves) {
    c.states.push_back(saved(*a.h));
    if (c.moves == at) snap = snapshot(a, rig);
    if (!advance(a, rig, ending)) break;
  }
  if (!snap) return c;
  c.resumed = true;
  const Outcome original = outcome(a, rig);
  if (ending != Ending::KeySetPorsLost) {
    EXPECT_EQ(a.h->result().status, ExecutionStatus::Success) << platform::describe(a.h->result());
    EXPECT_EQ(a.h->cleanup(), KeySetCleanup::NotNeeded);
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
    const platform::Eis* eis = agent.eis(rig.e.eid());
    EXPECT_TRUE(eis && eis->isd_r_psk_version == (psk ? std::optional<std::uint8_t>(0x41) : std::nullopt));
  } else {
    EXPECT_EQ(a.h->result().status, ExecutionStatus::Expired) << platform::describe(a.h->result());
    EXPECT_EQ(a.h->cleanup(), KeySetCleanup::Removed);
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
  }

  rig.e.restore_state(snap->card);
  rig.modem.restore_state(snap->modem);
  rig.now = snap->now;
  Side b;
  b.own_current = std::make_unique<SmSr>(current_config());
  b.own_current->restore_state(snap->current);
  b.own_next = std::make_unique<SmSr>(agent_config());
  b.own_next->restore_state(snap->next);
  b.current = b.own_current.get();
  b.next = b.own_next.get();
  b.h.emplace(parsed(snap->handover, *b.current, *b.next, config));
  EXPECT_EQ(saved(*b.h), snap->handover);
  b.started = snap->started;
  b.step = snap->step;
  b.result = snap->result;
  b.calls = snap->calls;
  run_to_end(b, rig, ending);
  const Outcome copy = outcome(b, rig);
  EXPECT_EQ(copy.result, original.result) << platform::describe(b.h->result());
  EXPECT_EQ(copy.prepare_result, original.prepare_result);
  EXPECT_EQ(copy.cleanup, original.cleanup);
  EXPECT_EQ(copy.calls, original.calls);
  EXPECT_EQ(copy.handover, original.handover);
  EXPECT_EQ(copy.current, original.current);
  EXPECT_EQ(copy.next, original.next);
  EXPECT_EQ(copy.card, original.card);
  return c;
}

// Every checkpoint of a change; returns how many were resumed.
std::size_t every_checkpoint(Ending ending) {
  for (std::size_t at = 0;; ++at) {
    SCOPED_TRACE("checkpoint before move " + std::to_string(at));
    if (!resumed(at, ending).resumed) return at;
  }
}

// A change's states, with no checkpoint.
std::vector<Bytes> states_of(Ending ending) { return resumed(SIZE_MAX, ending).states; }

// start(), then four calls (ES7.AuthenticateSMSR, ES7.CreateAdditionalKeySet,
// FinaliseISDRhandover, UpdateConnectivityParameters), each given, made
// and handed back: 13 moves, a checkpoint before each and one at the end.
TEST(SmSrHandoverState, ASuccessfulChangeGoesOnFromEveryCheckpoint) {
  EXPECT_EQ(every_checkpoint(Ending::Success), 14u);
}

// With the SCP81 PSK's key establishment ('5C', key type '85') after the
// key set's: two more calls, 19 moves.
TEST(SmSrHandoverState, AChangeWithANewPskGoesOnFromEveryCheckpoint) {
  EXPECT_EQ(every_checkpoint(Ending::SuccessWithPsk), 20u);
}

// ES7.CreateAdditionalKeySet's PoRs lost: Expired, then the DELETE [key]
// of the clean-up — start() and three calls: 10 moves, 11 checkpoints.
TEST(SmSrHandoverState, AChangeWhosePorsAreLostGoesOnThroughItsCleanUpFromEveryCheckpoint) {
  EXPECT_EQ(every_checkpoint(Ending::KeySetPorsLost), 11u);
}

// Each state refused with `expected` in the message; the SM-SRs untouched.
struct Refusals {
  ChangeRig rig{EuiccLayout::Export, current_config()};
  SmSr agent{agent_config()};
  platform::SmSrHandoverConfig config;

  explicit Refusals(Ending ending) : config(config_for(rig, ending)) {}

  void refused(const Bytes& b, const std::string& expected, const platform::SmSrHandoverConfig& c) {
    const Bytes current = rig.smsr_platform.save_state();
    const Bytes next = agent.save_state();
    try {
      parsed(b, rig.smsr_platform, agent, c);
      ADD_FAILURE() << "accepted: " << expected << " (" << b.size() << " bytes)";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("SM-SR handover state: ", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(rig.smsr_platform.save_state(), current);
    EXPECT_EQ(agent.save_state(), next);
  }
  void refused(const Bytes& b, const std::string& expected) { refused(b, expected, config); }
};

// `s` cut at every length, with another magic, another version and a
// byte more.
void damage_refused(Refusals& t, const Bytes& s) {
  for (std::size_t n = 0; n < s.size(); ++n) t.refused(Bytes(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n)), "truncated");
  Bytes bad = s;
  bad[1] ^= 0x20;
  t.refused(bad, "not a saved SM-SR handover state");
  bad = s;
  bad[4] = 1;  // SMHO 1 had no POL2 in the EIS
  t.refused(bad, "version 1 is not the version this model reads (3)");
  bad = s;
  bad[4] = 2;  // SMHO 2 had no PoR status in a result
  t.refused(bad, "version 2 is not the version this model reads (3)");
  bad = s;
  bad.push_back(0x00);
  t.refused(bad, "trailing");
}

// Every state of a change that went through its clean-up — not started,
// in the key establishment, cleaning up, finished — and the last of one
// with a new PSK (the change's key set and PSK in it), damaged.
TEST(SmSrHandoverState, TruncatedOrDamagedStatesAreRefused) {
  const std::vector<Bytes> states = states_of(Ending::KeySetPorsLost);
  ASSERT_EQ(states.size(), 11u);
  Refusals t(Ending::KeySetPorsLost);
  for (std::size_t i = 0; i < states.size(); ++i) {
    SCOPED_TRACE("state before move " + std::to_string(i));
    damage_refused(t, states[i]);
  }
  Refusals with_psk(Ending::SuccessWithPsk);
  damage_refused(with_psk, states_of(Ending::SuccessWithPsk).back());
}

// A state parsed for another EID or another ES4.SMSRChange is refused.
TEST(SmSrHandoverState, AStateOfAnotherEidOrChangeIsRefused) {
  const std::vector<Bytes> states = states_of(Ending::Success);
  ASSERT_GT(states.size(), 3u);
  Refusals t(Ending::Success);
  const Bytes& s = states[3];  // in the key establishment, a call made
  platform::SmSrHandoverConfig other = t.config;
  other.eid = "89049032123451234512345678909999";
  t.refused(s, "saved for EID " + t.config.eid + ", the config's is " + other.eid, other);
  other = t.config;
  other.change_call_id = "h2";
  t.refused(s, "saved for ES4.SMSRChange h1", other);
  // The config it was saved for takes it.
  EXPECT_EQ(saved(parsed(s, t.rig.smsr_platform, t.agent, t.config)), s);
}

}  // namespace test_smsr_handover_state
}  // namespace twinmodels::testing
