// The environment's wear of the cards in runs (docs/MODELS.md,
// "Environmental stress and wear"; docs/SCENARIOS.md, "Environment and
// wear"), through the esimtwin binary: the erase-budget incident's first
// 11 days (a worn card fails the documented way: its NVM page fails,
// AUTHENTICATE answers '6581', the module declares the card failed,
// OneLink diagnoses worn NVM); heat beyond a grade's range fails
// programs of that grade only; a card's lost charge comes once; a run with
// wear resumes exactly from a checkpoint, and a damaged wear state is
// refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_wear_scenarios {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;
using Event = esimtwin::testing::EventRow;

std::uint8_t card_failed_kind() {
  return twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::CardFailed));
}


// Runs the scenario text; the exit code must be 0 (its expectations met).
void run_text(const std::string& name, const std::string& text, const std::string& out) {
  const auto r = run_esimtwin("run " + write_temp(name + ".yaml", text) + " --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(WearScenarios, EraseBudgetIncidentAWornCardFailsTheDocumentedWay) {
  // The first 11 of its 14 days, of its first 28 meters (each device's
  // draws are its own: meters 0-27 are those of the whole run): meter 27
  // wears out on day 10, 10 cards in all.
  const std::string a = temp_path("erase-a.h5");
  const auto r =
      run_esimtwin("run scenarios/incidents/erase-budget-exhausted.yaml --stop 11d --devices 28 --no-progress -o " + a);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Every card that wore out: its first worn program, then the module's
  // failure report with '6581', never before; no card fails otherwise.
  const std::vector<Event> events = esimtwin::testing::read_event_rows(a);
  std::map<std::uint32_t, double> worn, failed;
  for (const Event& e : events) {
    if (e.kind == twinsim::nvm_worn_out_kind()) {
      EXPECT_FALSE(worn.count(e.device)) << "one nvm_worn_out a card, device " << e.device;
      worn[e.device] = e.t;
    }
    if (e.kind == card_failed_kind()) {
      EXPECT_EQ(e.value, 0x6581) << e.device;
      if (!failed.count(e.device)) failed[e.device] = e.t;
    }
    EXPECT_NE(e.kind, twinsim::nvm_too_hot_kind());
  }
  ASSERT_GE(worn.size(), 8u);
  EXPECT_EQ(failed.size(), worn.size());
  for (const auto& [device, t] : failed) {
    ASSERT_TRUE(worn.count(device)) << device;
    EXPECT_GE(t, worn.at(device)) << device;
  }
  // Meter 27 (traced) wears out on day 10: its AUTHENTICATEs were answered
  // '61 xx' (a RES to fetch) before, '65 81' after.
  ASSERT_TRUE(worn.count(27));
  EXPECT_NEAR(worn.at(27), 883049.8, 1.0);
  std::size_t before = 0, after = 0;
  const std::vector<esimtwin::testing::ApduRow> apdus = esimtwin::testing::read_apdu_rows(a);
  for (std::size_t i = 0; i + 1 < apdus.size(); ++i) {
    const auto& c = apdus[i];
    if (c.device != 27 || c.direction != 0 || c.bytes.size() < 4 || c.bytes[1] != 0x88) continue;
    const std::vector<std::uint8_t>& r = apdus[i + 1].bytes;
    ASSERT_EQ(r.size(), 2u);
    if (c.t < worn.at(27)) {
      ++before;
      EXPECT_EQ(r[0], 0x61) << c.t;
    } else if (c.t > worn.at(27)) {
      ++after;
      EXPECT_EQ(r, (std::vector<std::uint8_t>{0x65, 0x81})) << c.t;
    }
  }
  EXPECT_GT(before, 1000u);
  EXPECT_GE(after, 1u);
}

TEST(WearScenarios, HeatBeyondAGradesRangeFailsThatGradesProgramsOnly) {
  // 100 °C: 15 °C beyond a consumer card's 85, inside an automotive II
  // card's 125; one activity every 10 minutes for 6 hours.
  const std::string out = temp_path("too-hot.h5");
  run_text("too-hot",
           "general: {name: too-hot, stop: 6h}\n"
           "populations:\n"
           "  - {name: consumer, count: 6, grade: consumer, activity: {period: 10min}, temperature: {mean_c: 100}}\n"
           "  - {name: auto, count: 6, grade: automotive-2, activity: {period: 10min}, temperature: {mean_c: 100}}\n"
           "expectations:\n"
           "  - wear.cards_too_hot.consumer == devices.consumer\n"
           "  - wear.cards_too_hot.auto == 0\n"
           "  - wear.cards_worn == 0\n"
           "  - wear.hot_programs > 0\n",
           out);
  std::size_t hot = 0;
  for (const Event& e : esimtwin::testing::read_event_rows(out)) {
    if (e.kind != twinsim::nvm_too_hot_kind()) continue;
    ++hot;
    EXPECT_LT(e.device, 6u) << "a consumer card";
    EXPECT_EQ(e.value, 100);
  }
  EXPECT_GT(hot, 0u);
}

TEST(WearScenarios, ACardLosesChargeOnceAndEveryLossIsCounted) {
  // Industrial cards at 100 °C (inside their range) whose 10 years are
  // read at 55 °C, with half of them gone by then: 100 °C is 109 times
  // 55 °C (1.1 eV), so 90 days are 27 equivalent years.
  const std::string out = temp_path("charge.h5");
  run_text("charge",
           "general: {name: charge, stop: 90d}\n"
           "populations:\n"
           "  - {name: m, count: 20, grade: industrial, activity: {period: 1d}, temperature: {mean_c: 100}}\n"
           "wear:\n"
           "  retention: {failed_at_rated: 0.5, rated_temperature_c: 55}\n"
           "expectations:\n"
           "  - wear.cards_charge_lost >= 0.5 * devices\n"
           "  - wear.cards_too_hot == 0\n",
           out);
  std::map<std::uint32_t, int> lost;
  for (const Event& e : esimtwin::testing::read_event_rows(out))
    if (e.kind == twinsim::nvm_charge_lost_kind()) ++lost[e.device];
  EXPECT_GE(lost.size(), 10u);
  for (const auto& [device, n] : lost) EXPECT_EQ(n, 1) << device;
}

TEST(WearScenarios, ResumeExactlyAndRefuseADamagedWearState) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // The incident's meters, fewer and for two days: wear under way.
  const std::string scenario = write_temp("wear-resume.yaml",
                                          "general: {name: wear-resume, seed: 7, stop: 2d}\n"
                                          "populations:\n"
                                          "  - {name: meters, count: 10, grade: consumer, modem: nb-iot, device_model: modem,\n"
                                          "     power_saving: {t3324: 0s, t3412: 2min}, activity: {period: 1d},\n"
                                          "     start: {profile: uniform, at: 0s, over: 10min},\n"
                                          "     temperature: {mean_c: 84, daily_amplitude_c: 1}, nvm_history: 150000,\n"
                                          "     card_retry: 6h}\n"
                                          "platforms:\n"
                                          "  onelink: {populations: [meters], offline_alert: 1h}\n"
                                          "expectations:\n"
                                          "  - wear.cards_worn >= 1\n");
  const std::string ck =
      esimtwin::testing::written_checkpoint(expect_resumes_exactly(scenario, {"1d"}, "wear.cards_worn", {"wear."}), 0);
  ASSERT_FALSE(ck.empty());
  expect_damage_refused(ck, "no-wear", "not a complete checkpoint (no wear)");
  expect_damage_refused(ck, "wear-version-2", "/wear: card wear state: version 2 is not the version this model reads (1)");
  expect_damage_refused(ck, "wear-flipped", "/wear: card wear state: CRC-32 does not match");
}

}  // namespace test_wear_scenarios
