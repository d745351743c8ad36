// PSM and eDRX reachability (TS 23.682 §4.5.4, TS 24.301 §5.3.11, §5.3.5)
// from the timers of ATTACH ACCEPT, and the MME's view with the
// messages-waiting alert.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "twinmodels/network/ie_error.hpp"
#include "twinmodels/network/mme_reachability.hpp"
#include "twinmodels/network/power_saving.hpp"

namespace test_power_saving {

using namespace twinmodels;

constexpr std::uint64_t kImsi = 460040000000123;  // UE_ID 123
constexpr std::uint32_t kMTmsi = 0x12345678;
const PagingConfig kCell{128, 0, PagingChannel::Pdcch, 0};  // POs at frame 123 + k x 128, subframe 9

// A UE that negotiated T3324 = 2 min and T3412 extended = 1 h, no eDRX.
PowerSavingProfile psm_profile() {
  const std::array<std::uint8_t, 3> t3412_ext = {0x5E, 0x01, 0x21};  // 1 h
  const std::array<std::uint8_t, 3> t3324 = {0x6A, 0x01, 0x22};      // 2 min
  return power_saving_from_ies(S1Mode::WbS1, kCell, 0x49, cardcore::ByteView(t3412_ext), cardcore::ByteView(t3324),
                               std::nullopt);
}

TEST(PowerSaving, ProfileFromTheAttachAcceptIes) {
  const PowerSavingProfile p = psm_profile();
  EXPECT_TRUE(p.psm());
  EXPECT_EQ(p.t3324, NasTimerValue::of(2 * kMinute));
  EXPECT_EQ(p.t3412, NasTimerValue::of(kHour)) << "the extended value replaces T3412 (§5.3.5)";
  EXPECT_FALSE(p.edrx);
  // Without the extended value, T3412 value (0x49 = 54 min) applies; without
  // T3324 there is no PSM.
  const PowerSavingProfile plain = power_saving_from_ies(S1Mode::WbS1, kCell, 0x49, std::nullopt, std::nullopt, std::nullopt);
  EXPECT_FALSE(plain.psm());
  EXPECT_EQ(plain.t3412, NasTimerValue::of(54 * kMinute));
}

TEST(PowerSaving, PsmDeviceIsReachableOnlyAtItsNextWakeUp) {
  const PowerSavingProfile p = psm_profile();
  const NetTime idle = 100 * kSecond;
  // During the active time: the next paging occasion (frame 123 + k x 128).
  const Reachability early = next_reachable(p, kImsi, kMTmsi, idle, idle + 30 * kSecond);
  EXPECT_EQ(early.via, ReachableVia::Paging);
  EXPECT_EQ(early.at, next_paging_occasion(kCell, kImsi, idle + 30 * kSecond));
  EXPECT_LT(early.at - (idle + 30 * kSecond), 1'280 * kMs + 1);
  EXPECT_FALSE(in_psm(p, idle, idle + 30 * kSecond));
  // After T3324: in PSM until the periodic TAU, 1 h after going idle.
  for (const NetTime t : {idle + 2 * kMinute, idle + 2 * kMinute + 1, idle + 30 * kMinute, idle + kHour - 1}) {
    EXPECT_TRUE(in_psm(p, idle, t));
    EXPECT_EQ(next_reachable(p, kImsi, kMTmsi, idle, t), (Reachability{idle + kHour, ReachableVia::PeriodicTau}));
  }
  EXPECT_EQ(next_periodic_tau(p, idle), idle + kHour);
  // The last PO of the active time: at idle + 2 min - something; a page just
  // before the end whose PO falls after it waits for the TAU.
  const NetTime last_po_start = idle + 2 * kMinute - 1'280 * kMs;
  const NetTime po = next_paging_occasion(kCell, kImsi, last_po_start);
  const Reachability r = next_reachable(p, kImsi, kMTmsi, idle, po + 1);
  EXPECT_EQ(r.via, next_paging_occasion(kCell, kImsi, po + 1) < idle + 2 * kMinute ? ReachableVia::Paging
                                                                                   : ReachableVia::PeriodicTau);
  EXPECT_THROW(next_reachable(p, kImsi, kMTmsi, idle, idle + kHour), std::invalid_argument);
  EXPECT_THROW(next_reachable(p, kImsi, kMTmsi, idle, idle - 1), std::invalid_argument);
}

TEST(PowerSaving, EdrxDeviceIsPagedInItsPagingTimeWindows) {
  // NB-IoT, eDRX 20.48 s with PTW 2.56 s, no PSM: POs at frames 891 and 1019
  // of odd hyperframes (test_paging.cpp works them out).
  const PagingConfig nb{128, 0, PagingChannel::Npdcch, 0};
  const std::array<std::uint8_t, 3> edrx = {0x6E, 0x01, 0x02};
  const PowerSavingProfile p =
      power_saving_from_ies(S1Mode::NbS1, nb, 0x49, std::nullopt, std::nullopt, cardcore::ByteView(edrx));
  ASSERT_TRUE(p.edrx);
  EXPECT_EQ(next_reachable(p, kImsi, kMTmsi, 0, 0), (Reachability{10'240 * kMs + 8'919 * kMs, ReachableVia::Paging}));
  EXPECT_EQ(next_reachable(p, kImsi, kMTmsi, 0, 12 * kSecond).at, 10'240 * kMs + 8'919 * kMs);
  EXPECT_EQ(next_reachable(p, kImsi, kMTmsi, 0, 20'440 * kMs).at, 3 * 10'240 * kMs + 8'919 * kMs);
}

TEST(PowerSaving, NoPeriodicTauMeansOnlyMoTrafficWakesAPsmDevice) {
  PowerSavingProfile p = psm_profile();
  p.t3412 = NasTimerValue::of(0);  // §5.3.5: zero deactivates the periodic TAU
  EXPECT_EQ(next_reachable(p, kImsi, kMTmsi, 0, 5 * kMinute), (Reachability{kNever, ReachableVia::Never}));
  EXPECT_EQ(next_periodic_tau(p, 0), kNever);
}

TEST(PowerSaving, ImpossibleValuesAreRefused) {
  // A paging time window longer than the eDRX cycle: PTW 15 (40.96 s) with 20.48 s.
  const std::array<std::uint8_t, 3> edrx = {0x6E, 0x01, 0xF2};
  EXPECT_THROW(power_saving_from_ies(S1Mode::NbS1, {128, 0, PagingChannel::Npdcch, 0}, 0x49, std::nullopt,
                                     std::nullopt, cardcore::ByteView(edrx)),
               NetworkIeError);
  // eDRX 10485.76 s is NB-S1 only.
  const std::array<std::uint8_t, 3> nb_only = {0x6E, 0x01, 0x0F};
  EXPECT_THROW(power_saving_from_ies(S1Mode::WbS1, kCell, 0x49, std::nullopt, std::nullopt, cardcore::ByteView(nb_only)),
               NetworkIeError);
  const std::array<std::uint8_t, 2> truncated = {0x6A, 0x01};
  EXPECT_THROW(power_saving_from_ies(S1Mode::WbS1, kCell, 0x49, std::nullopt, cardcore::ByteView(truncated), std::nullopt),
               NetworkIeError);
  PowerSavingProfile p = psm_profile();
  p.t3324 = NasTimerValue::of(-1);
  EXPECT_THROW(validate(p), NetworkIeError);
}

TEST(MmeReachability, TracksConnectedIdlePsmAndImplicitDetach) {
  MmeReachability mme(4, psm_profile());
  EXPECT_EQ(mme.state_bytes(), 4 * MmeReachability::kBytesPerUe);
  EXPECT_EQ(mme.reachability(1, kImsi, kMTmsi, 0).state, UeReachState::Detached);
  EXPECT_FALSE(mme.connected(1, 10 * kSecond));
  EXPECT_EQ(mme.reachability(1, kImsi, kMTmsi, 11 * kSecond).state, UeReachState::Connected);
  EXPECT_EQ(mme.reachability(1, kImsi, kMTmsi, 11 * kSecond).at, 11 * kSecond);
  mme.released(1, 20 * kSecond);
  const UeReachability paged = mme.reachability(1, kImsi, kMTmsi, 21 * kSecond);
  EXPECT_EQ(paged.state, UeReachState::Pageable);
  EXPECT_EQ(paged.at, next_paging_occasion(kCell, kImsi, 21 * kSecond));
  const UeReachability psm = mme.reachability(1, kImsi, kMTmsi, 20 * kSecond + 3 * kMinute);
  EXPECT_EQ(psm.state, UeReachState::Psm);
  EXPECT_EQ(psm.at, 20 * kSecond + kHour);
  // The TAU does not come: mobile reachable timer (T3412 + 4 min), then the
  // implicit detach timer (4 min).
  EXPECT_EQ(mme.reachability(1, kImsi, kMTmsi, 20 * kSecond + kHour + 7 * kMinute).state, UeReachState::Overdue);
  EXPECT_EQ(mme.reachability(1, kImsi, kMTmsi, 20 * kSecond + kHour + 8 * kMinute).state, UeReachState::Detached);
  EXPECT_THROW(mme.reachability(4, kImsi, kMTmsi, 0), std::out_of_range);
}

TEST(MmeReachability, MessagesWaitingAlertComesOnceAtTheNextConnection) {
  MmeReachability mme(2, psm_profile());
  mme.connected(0, 0);
  mme.released(0, kSecond);
  mme.request_reachability_notification(0);
  EXPECT_TRUE(mme.notification_requested(0));
  EXPECT_FALSE(mme.notification_requested(1));
  EXPECT_TRUE(mme.connected(0, kSecond + kHour)) << "the periodic TAU brings the alert";
  EXPECT_FALSE(mme.notification_requested(0));
  mme.released(0, kSecond + kHour + 10 * kSecond);
  EXPECT_FALSE(mme.connected(0, 2 * kHour));
}

// TS 23.401 §5.3.8.1: the MME detaches a UE it cannot page without telling
// it; the flag says so until the UE's next contact, and survives a restore.
TEST(MmeReachability, LocalDetachIsRememberedUntilTheUeConnects) {
  MmeReachability mme(2, psm_profile());
  mme.connected(0, 0);
  mme.released(0, kSecond);
  mme.request_reachability_notification(0);
  EXPECT_EQ(mme.reachability(0, kImsi, kMTmsi, 10 * kMinute).state, UeReachState::Psm);
  mme.detached_locally(0);
  EXPECT_TRUE(mme.locally_detached(0));
  EXPECT_FALSE(mme.locally_detached(1));
  EXPECT_EQ(mme.reachability(0, kImsi, kMTmsi, 10 * kMinute).state, UeReachState::Detached);
  EXPECT_TRUE(mme.notification_requested(0)) << "the SMSC's request outlives the context";
  MmeReachability b(2, psm_profile());
  b.restore(mme.idle_since_table(), mme.flags_table());
  EXPECT_TRUE(b.locally_detached(0));
  mme.connected(0, kHour);  // the UE attached again
  EXPECT_FALSE(mme.locally_detached(0));
  b.detached(0);
  EXPECT_FALSE(b.locally_detached(0));
}

TEST(MmeReachability, RestoresASavedState) {
  MmeReachability a(3, psm_profile());
  a.connected(0, 0);
  a.released(0, 7 * kSecond);
  a.connected(2, kSecond);
  a.request_reachability_notification(0);
  MmeReachability b(3, psm_profile());
  b.restore(a.idle_since_table(), a.flags_table());
  for (std::uint64_t ue = 0; ue < 3; ++ue) {
    const UeReachability ra = a.reachability(ue, kImsi, kMTmsi, 10 * kMinute);
    const UeReachability rb = b.reachability(ue, kImsi, kMTmsi, 10 * kMinute);
    EXPECT_EQ(ra.state, rb.state) << ue;
    EXPECT_EQ(ra.at, rb.at) << ue;
  }
  EXPECT_TRUE(b.notification_requested(0));
  EXPECT_THROW(b.restore(std::vector<NetTime>(2), std::vector<std::uint8_t>(3)), std::invalid_argument);
  EXPECT_THROW(b.restore(std::vector<NetTime>(3), std::vector<std::uint8_t>(3, 0x80)), std::invalid_argument);
  EXPECT_TRUE(b.notification_requested(0)) << "a refused restore changes nothing";
}

}  // namespace test_power_saving
