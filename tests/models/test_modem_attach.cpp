// Attach with real crypto: the modem's AUTHENTICATE on the card against
// vectors from HssAuc (TS 33.102 §6.3), a wrong key (MAC failure, TS 24.301
// §5.4.2.6 c), an HSS behind the card (synch failure, AUTS, resync), the
// EF.EPSLOCI it stores, rejects and their timers (§5.5.1.2.5, §5.5.1.2.6),
// #22 congestion with T3346 (§5.3.9.2).
#include "modem_harness.hpp"

namespace twinmodels::testing {
namespace test_modem_attach {

using cardcore::Bytes;
using cardcore::from_hex;

// EF.EPSLOCI as the card holds it (read with the card's own commands).
Bytes read_epsloci(cardcore::Uicc& card) {
  card.power_off();
  card.power_on();
  EXPECT_EQ(card.transmit(from_hex("00A4040C07A0000000871002")), (Bytes{0x90, 0x00}));
  EXPECT_EQ(card.transmit(from_hex("00A4000C026FE3")), (Bytes{0x90, 0x00}));
  Bytes r = card.transmit(from_hex("00B0000012"));
  EXPECT_GE(r.size(), 2u);
  r.erase(r.end() - std::min<std::size_t>(2, r.size()), r.end());  // the status word
  card.power_off();
  return r;
}

TEST(ModemAttach, RealCryptoThroughTheHssThenEpsLociStored) {
  ModemRig rig;
  auto o = rig.network_attach(rig.in(PowerOn{}));
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::Registered));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(ModemRig::find<CancelTimer>(o)->timer, ModemTimer::AttachGuard);
  EXPECT_EQ(rig.hss.sqn_he(rig.subscriber) >> 5, 1u);  // one vector, no resync
  rig.in(PowerOff{});
  // GUTI 460-04 / MMEGI 8001 / MMEC 01 / M-TMSI C0FFEE01, TAI 460-04 1234, updated.
  EXPECT_EQ(cardcore::to_hex(read_epsloci(rig.card)), "0bf664f040800101c0ffee0164f040123400");
  // The next power-up attaches with the GUTI.
  o = rig.in(PowerOn{});
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  ASSERT_TRUE(req->m_tmsi);
  EXPECT_EQ(*req->m_tmsi, 0xC0FFEE01u);
}

TEST(ModemAttach, WrongKeyIsAMacFailure) {
  ModemRig rig(ModemConfig{}, false);
  // The card has another subscriber's keys than the HSS uses for subscriber 3.
  const SubscriberKeys other = derive_subscriber_keys(ModemRig::kSeed, 4);
  rig.card.personalize({"898604000000000030", imsi_of(3), Bytes(other.k.begin(), other.k.end()),
                        Bytes(other.opc.begin(), other.opc.end())});
  const auto o = rig.network_attach(rig.in(PowerOn{}));
  const SendAuthenticationFailure* f = ModemRig::find<SendAuthenticationFailure>(o);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->emm_cause, 20);  // MAC failure
  EXPECT_FALSE(f->auts);
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::AuthMacFailure));
  EXPECT_NE(rig.modem.state(), ModemState::Registered);
}

TEST(ModemAttach, SqnBehindTheCardGivesAutsThenResyncThenAttach) {
  ModemRig rig;
  const std::vector<std::uint64_t> backup = rig.hss.sqn_he_table();
  const HssAucCounters counters = rig.hss.counters();
  // 33 authentications: the card's SQN array has SEQ 33 in IND 1.
  auto o = rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  for (int i = 0; i < 32; ++i) {
    const AuthVector v = rig.hss.generate(rig.subscriber);
    ASSERT_TRUE(ModemRig::find<SendAuthenticationResponse>(rig.in(AuthenticationRequest{v.rand, v.autn})));
  }
  // The HSS is restored from its old backup, the device powers up again.
  rig.hss.restore(backup, counters);
  rig.in(PowerOff{});
  int auths = 0;
  o = rig.network_attach(rig.in(PowerOn{}), &auths);
  EXPECT_EQ(auths, 2);  // refused with AUTS, then a fresh vector
  EXPECT_EQ(rig.hss.counters().resyncs_ok, 1u);
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::Registered));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

TEST(ModemAttach, RejectRetriesWithT3411ThenT3402) {
  ModemRig rig;
  rig.in(PowerOn{});
  for (int attempt = 1; attempt <= 5; ++attempt) {
    rig.now += 1000;
    const auto o = rig.in(AttachReject{17, std::nullopt});  // network failure
    EXPECT_TRUE(ModemRig::reported(o, ModemEvent::AttachRejected));
    const ModemOutput* t = ModemRig::find_output<ScheduleTimer>(o);
    ASSERT_TRUE(t);
    EXPECT_EQ(std::get<ScheduleTimer>(t->action).timer, ModemTimer::AttachRetry);
    EXPECT_EQ(t->at_ms - rig.now, attempt < 5 ? 10000u : 720000u) << attempt;
    EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
    rig.now = t->at_ms;
    EXPECT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  }
}

// The ScheduleTimer output of `timer` among o, or none.
// A copy: `o` is often the temporary ModemRig::in() returns.
std::optional<ModemOutput> timer_of(const std::vector<ModemOutput>& o, ModemTimer timer) {
  for (const ModemOutput& x : o)
    if (const ScheduleTimer* t = std::get_if<ScheduleTimer>(&x.action); t && t->timer == timer) return x;
  return std::nullopt;
}

// GPRS timer 2 value octets (TS 24.008 §10.5.7.4): unit 001 = 1 min.
constexpr std::uint8_t kT3346OneMinute = 0x21;
constexpr std::uint8_t kT3346TwoMinutes = 0x22;

// TS 24.301 §5.5.1.2.5 #22 with T3346: the modem stops the attach and does
// not attach again before T3346 expires, whatever else fires meanwhile.
TEST(ModemAttach, CongestionWithT3346HoldsTheAttachUntilItExpires) {
  ModemRig rig;
  const auto first = rig.in(PowerOn{});
  const std::uint64_t guard_at = timer_of(first, ModemTimer::AttachGuard)->at_ms;
  rig.now = 3000;
  const auto o = rig.in(AttachReject{22, kT3346TwoMinutes});
  EXPECT_EQ(ModemRig::report_of(o, ModemEvent::AttachRejected)->at_ms, 3000u);
  EXPECT_EQ(std::get<Report>(ModemRig::report_of(o, ModemEvent::AttachRejected)->action).detail, 22);
  EXPECT_EQ(ModemRig::find<CancelTimer>(o)->timer, ModemTimer::AttachGuard);
  EXPECT_FALSE(timer_of(o, ModemTimer::AttachRetry));  // no T3411 / T3402
  const std::optional<ModemOutput> t3346 = timer_of(o, ModemTimer::T3346);
  ASSERT_TRUE(t3346);
  EXPECT_EQ(t3346->at_ms, 3000u + 120000u);
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
  // Nothing starts an attach while T3346 runs: a retry timer of an earlier
  // failure, the cancelled guard, T3346 itself before its time.
  rig.now = 13000;
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  rig.now = guard_at;
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachGuard, 0})));
  rig.now = t3346->at_ms - 1;
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::T3346, 0}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
  // At expiry: the attach again, with its guard.
  rig.now = 3000 + 120000;
  const auto again = rig.in(TimerExpired{ModemTimer::T3346, 0});
  const ModemOutput* req = ModemRig::find_output<SendAttachRequest>(again);
  ASSERT_TRUE(req);
  EXPECT_GE(req->at_ms, 3000u + 120000u);
  EXPECT_TRUE(timer_of(again, ModemTimer::AttachGuard));
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
  rig.network_attach(again);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

// §5.5.1.2.5 #22 with T3346 does not count as a failed attempt (our reading:
// the clause leaves the attach attempt counter alone): after four #17
// rejects, #22 waits T3346, and the next #17 is the fifth attempt (T3402).
TEST(ModemAttach, CongestionWithT3346LeavesTheAttemptCounterAlone) {
  ModemRig rig;
  rig.in(PowerOn{});
  for (int attempt = 1; attempt <= 4; ++attempt) {
    rig.now += 1000;
    const std::optional<ModemOutput> t = timer_of(rig.in(AttachReject{17, std::nullopt}), ModemTimer::AttachRetry);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->at_ms - rig.now, 10000u);
    rig.now = t->at_ms;
    ASSERT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  }
  rig.now += 1000;
  const std::optional<ModemOutput> t3346 = timer_of(rig.in(AttachReject{22, kT3346OneMinute}), ModemTimer::T3346);
  ASSERT_TRUE(t3346);
  EXPECT_EQ(t3346->at_ms - rig.now, 60000u);
  rig.now = t3346->at_ms;
  ASSERT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::T3346, 0})));
  rig.now += 1000;
  const std::optional<ModemOutput> t = timer_of(rig.in(AttachReject{17, std::nullopt}), ModemTimer::AttachRetry);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->at_ms - rig.now, 720000u);
}

// #22 without T3346, or with T3346 zero or deactivated: the abnormal case
// of §5.5.1.2.6, as any other failed attempt (T3411 here).
TEST(ModemAttach, CongestionWithoutAUsableT3346RetriesAfterT3411) {
  for (const std::optional<std::uint8_t> ie : {std::optional<std::uint8_t>{}, std::optional<std::uint8_t>{0x20},
                                               std::optional<std::uint8_t>{0xE0}}) {
    SCOPED_TRACE(ie ? static_cast<int>(*ie) : -1);
    ModemRig rig;
    rig.in(PowerOn{});
    rig.now = 2000;
    const auto o = rig.in(AttachReject{22, ie});
    EXPECT_TRUE(ModemRig::reported(o, ModemEvent::AttachRejected));
    EXPECT_FALSE(timer_of(o, ModemTimer::T3346));
    const std::optional<ModemOutput> t = timer_of(o, ModemTimer::AttachRetry);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->at_ms, 2000u + 10000u);
    rig.now = t->at_ms;
    EXPECT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  }
}

// A T3346 expiry the modem no longer expects (restarted by a later #22, or
// run out while the modem was off) is ignored.
TEST(ModemAttach, StaleT3346IsIgnored) {
  ModemRig rig;
  rig.in(PowerOn{});
  rig.now = 1000;
  const std::uint64_t first_due = timer_of(rig.in(AttachReject{22, kT3346OneMinute}), ModemTimer::T3346)->at_ms;
  rig.now = first_due;
  ASSERT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::T3346, 0})));
  rig.now += 500;
  const std::uint64_t second_due = timer_of(rig.in(AttachReject{22, kT3346TwoMinutes}), ModemTimer::T3346)->at_ms;
  // The first T3346's expiry again (its event delivered twice, or late): stale.
  rig.now = first_due + 60000;
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::T3346, 0}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
  // Switched off until after the second T3346 ran out: on again, the modem
  // attaches at once, and the late expiry changes nothing.
  rig.in(PowerOff{});
  rig.now = second_due + 5000;
  const auto on = rig.in(PowerOn{});
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(on));
  EXPECT_FALSE(timer_of(on, ModemTimer::T3346));
  rig.now = second_due;
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::T3346, 0}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
}

// TS 24.301 §5.3.9.2: switched off while T3346 runs and on again with the
// same USIM, the modem restarts T3346 with the time left and attaches when it
// expires; with another USIM (another IMSI) it attaches at once.
TEST(ModemAttach, T3346OutlivesASwitchOffWithTheSameUsim) {
  ModemRig rig;
  rig.in(PowerOn{});
  rig.now = 1000;
  const std::uint64_t due = timer_of(rig.in(AttachReject{22, kT3346TwoMinutes}), ModemTimer::T3346)->at_ms;
  rig.now = 20000;
  EXPECT_FALSE(ModemRig::find<SendDetachRequest>(rig.in(PowerOff{})));  // not attached: nothing to detach
  rig.now = 50000;
  const auto on = rig.in(PowerOn{});
  EXPECT_TRUE(ModemRig::reported(on, ModemEvent::CardReady));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(on));
  const std::optional<ModemOutput> restarted = timer_of(on, ModemTimer::T3346);
  ASSERT_TRUE(restarted);
  EXPECT_EQ(restarted->at_ms, due);  // t1 - t from now: the same expiry
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
  rig.now = due;
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::T3346, 0})));

  // Another IMSI on the card (as after a number write): not the same USIM.
  ModemRig other;
  other.in(PowerOn{});
  other.now = 1000;
  ASSERT_TRUE(timer_of(other.in(AttachReject{22, kT3346TwoMinutes}), ModemTimer::T3346));
  other.in(PowerOff{});
  const SubscriberKeys keys = derive_subscriber_keys(ModemRig::kSeed, 5);
  other.card.personalize({"898604000000000050", imsi_of(5), Bytes(keys.k.begin(), keys.k.end()),
                          Bytes(keys.opc.begin(), keys.opc.end())});
  other.now = 2000;
  const auto renumbered = other.in(PowerOn{});
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(renumbered));
  EXPECT_FALSE(timer_of(renumbered, ModemTimer::T3346));
}

TEST(ModemAttach, IllegalUeMakesTheUsimInvalidAndClearsTheGuti) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  rig.in(NetworkDetach{true, std::nullopt});
  ASSERT_EQ(rig.modem.state(), ModemState::Attaching);
  const auto o = rig.in(AttachReject{3, std::nullopt});
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  EXPECT_FALSE(ModemRig::find<ScheduleTimer>(o));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  rig.in(PowerOff{});
  const Bytes e = read_epsloci(rig.card);
  EXPECT_EQ(cardcore::to_hex(Bytes(e.begin(), e.begin() + 12)), "ffffffffffffffffffffffff");
  EXPECT_EQ(e[17], 0x02);  // EU3 ROAMING NOT ALLOWED
}

// TS 24.301 §5.4.2.5: after the MAC failure the network sends AUTHENTICATION
// REJECT; the USIM is invalid until the modem is switched off, and a power
// cycle attaches again.
TEST(ModemAttach, AuthenticationRejectMakesTheUsimInvalidUntilPowerOff) {
  ModemRig rig(ModemConfig{}, false);
  const SubscriberKeys other = derive_subscriber_keys(ModemRig::kSeed, 4);
  rig.card.personalize({"898604000000000030", imsi_of(3), Bytes(other.k.begin(), other.k.end()),
                        Bytes(other.opc.begin(), other.opc.end())});
  rig.network_attach(rig.in(PowerOn{}));
  const auto o = rig.in(AuthenticationReject{});
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::AuthenticationRejected));
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  EXPECT_EQ(ModemRig::find<CancelTimer>(o)->timer, ModemTimer::AttachGuard);
  EXPECT_FALSE(ModemRig::find<ScheduleTimer>(o));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  // Off, it ignores the reject; switched on again, it attaches anew.
  rig.in(PowerOff{});
  EXPECT_TRUE(rig.in(AuthenticationReject{}).empty());
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(rig.in(PowerOn{})));
}

TEST(ModemAttach, GuardTimerExpiryCountsAsAFailedAttempt) {
  ModemRig rig;
  const auto o = rig.in(PowerOn{});
  const ModemOutput* guard = nullptr;
  for (const ModemOutput& x : o)
    if (const ScheduleTimer* t = std::get_if<ScheduleTimer>(&x.action); t && t->timer == ModemTimer::AttachGuard) guard = &x;
  ASSERT_TRUE(guard);
  const std::uint64_t sent = ModemRig::find_output<SendAttachRequest>(o)->at_ms;
  EXPECT_EQ(guard->at_ms - sent, 85000u);  // T3410 for NB-IoT
  rig.now = guard->at_ms - 1;
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::AttachGuard, 0}).empty());  // not its time: stale
  rig.now = guard->at_ms;
  const auto t = rig.in(TimerExpired{ModemTimer::AttachGuard, 0});
  EXPECT_TRUE(ModemRig::reported(t, ModemEvent::AttachTimedOut));
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
}

TEST(ModemAttach, GsmStoresPsLoci) {
  ModemConfig cfg;
  cfg.tech = default_timings(Technology::Gsm);
  ModemRig rig(cfg);
  rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  rig.in(PowerOff{});
  rig.card.power_on();
  ASSERT_EQ(rig.card.transmit(from_hex("00A4040C07A0000000871002")), (Bytes{0x90, 0x00}));
  ASSERT_EQ(rig.card.transmit(from_hex("00A4000C026F73")), (Bytes{0x90, 0x00}));
  EXPECT_EQ(cardcore::to_hex(rig.card.transmit(from_hex("00B000000E"))), "c0ffee01ffffff64f04012340000" "9000");
  rig.card.power_off();
  const std::vector<ModemOutput> on = rig.in(PowerOn{});
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(on);
  ASSERT_TRUE(req && req->m_tmsi);
  EXPECT_EQ(*req->m_tmsi, 0xC0FFEE01u);
}

TEST(ModemAttach, AuthenticateIsTimedAtTheNegotiatedSpeed) {
  // After power-up the interface runs at TA1's Fi/Di (512/32: 16 clocks
  // per etu, 59 us a character at 3.25 MHz): the AUTHENTICATE exchange (about
  // 100 characters with GET RESPONSE) takes the card's 40 + 2 ms, its NVM
  // programs (the SQN array) and about 6 ms of characters — at 372/1 the
  // characters alone would take some 140 ms.
  ModemRig rig;
  rig.in(PowerOn{});
  rig.now = 10000;
  const AuthVector v = rig.hss.generate(rig.subscriber);
  const std::uint64_t programs = rig.card.nvm().program_count();
  const auto o = rig.in(AuthenticationRequest{v.rand, v.autn});
  const std::uint64_t nvm_ms = (rig.card.nvm().program_count() - programs) * rig.cfg.card.nvm_program_us / 1000;
  const std::uint64_t card_ms = ModemRig::find_output<SendAuthenticationResponse>(o)->at_ms - rig.now -
                                rig.cfg.tech.nas_message_ms;
  EXPECT_GE(card_ms, 42u + nvm_ms + 5u);
  EXPECT_LE(card_ms, 42u + nvm_ms + 8u);
}

TEST(ModemAttach, TechnologyTimingsShapeTheAttach) {
  // The ATTACH REQUEST leaves after RRC set-up and one NAS message of the
  // technology: LTE Cat-1 well before NB-IoT, from the same card.
  std::uint64_t sent[2];
  int i = 0;
  for (Technology t : {Technology::LteCat1, Technology::NbIot}) {
    ModemConfig cfg;
    cfg.tech = default_timings(t);
    ModemRig rig(cfg);
    const auto o = rig.in(PowerOn{});
    const std::uint64_t ready = ModemRig::report_of(o, ModemEvent::CardReady)->at_ms;
    sent[i++] = ModemRig::find_output<SendAttachRequest>(o)->at_ms - ready;
  }
  EXPECT_EQ(sent[0], 80u + 50u);
  EXPECT_EQ(sent[1], 1000u + 500u);
  EXPECT_STREQ(to_string(Technology::LteM), "LTE-M");
  EXPECT_FALSE(default_timings(Technology::Gsm).edrx_supported);
  EXPECT_TRUE(default_timings(Technology::NbIot).psm_supported);
}

}  // namespace test_modem_attach
}  // namespace twinmodels::testing
