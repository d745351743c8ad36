// The partners' supply flows (twinmodels::supply, docs/SUPPLY.md): batches
// through stages with capacity worked out by hand, parts waits, the
// in-service stage, rework and scrap with traced replacements, the
// triangular lead times' mean, determinism by seed, and the refusals.
#include <gtest/gtest.h>

#include <set>

#include "twinmodels/supply/supply_figures.hpp"
#include "twinmodels/supply/supply_flow.hpp"

namespace twinmodels::supply {
namespace test_supply_flow {

constexpr double kDay = 86400;

Triangular fixed(double days) { return {days * kDay, days * kDay, days * kDay}; }

StageSpec stage(const std::string& name, const std::string& party, Triangular per_batch) {
  StageSpec s;
  s.name = name;
  s.party = party;
  s.per_batch = per_batch;
  return s;
}

FlowSpec one_stage(std::uint32_t units, std::uint32_t batch, double release_days, StageSpec stage) {
  FlowSpec f;
  f.name = "test";
  f.units = units;
  f.batch_size = batch;
  f.release_interval_s = release_days * kDay;
  f.stages.push_back(std::move(stage));
  return f;
}

TEST(SupplyFlow, BatchesQueueForTheStagesServers) {
  // Two batches a day apart, each 2 days on one line: the second waits a day.
  StageSpec line = stage("production", "card-vendor", fixed(2));
  line.servers = 1;
  const SupplyOutcome o = simulate_flow(one_stage(4, 2, 1, line), 1);
  EXPECT_EQ(o.in_service_s, (std::vector<double>{2 * kDay, 2 * kDay, 4 * kDay, 4 * kDay}));
  EXPECT_DOUBLE_EQ(o.stages[0].queue_s, 2 * kDay);  // two units, one day each
  EXPECT_EQ(o.batches, 2u);
  // Without a capacity limit both finish two days after their release.
  line.servers = 0;
  EXPECT_EQ(simulate_flow(one_stage(4, 2, 1, line), 1).in_service_s,
            (std::vector<double>{2 * kDay, 2 * kDay, 3 * kDay, 3 * kDay}));
}

TEST(SupplyFlow, AStageWaitsForItsParts) {
  StageSpec mount = stage("module-mounting", "module-maker", fixed(1));
  mount.parts = fixed(10);  // ordered at the release, here 10 days
  FlowSpec f = one_stage(2, 1, 0, stage("card-shipping", "cmcc", fixed(3)));
  f.stages.push_back(mount);
  const SupplyOutcome o = simulate_flow(f, 1);
  EXPECT_EQ(o.in_service_s, (std::vector<double>{11 * kDay, 11 * kDay}));
  EXPECT_DOUBLE_EQ(o.stages[1].parts_s, 2 * 7 * kDay);
}

TEST(SupplyFlow, TheInServiceStageEndsTheTimeToService) {
  FlowSpec f = one_stage(1, 1, 0, stage("activation", "cmcc", fixed(1)));
  f.stages[0].in_service = true;
  f.stages.push_back(stage("billing-review", "cmcc", fixed(30)));
  EXPECT_EQ(simulate_flow(f, 1).in_service_s, (std::vector<double>{kDay}));
}

TEST(SupplyFlow, ScrappedUnitsAreTracedAndReplaced) {
  StageSpec test = stage("factory-test", "card-vendor", fixed(1));
  test.failure = 0.4;  // nothing reworked: every failed unit is scrapped
  FlowSpec f = one_stage(200, 20, 1, test);
  f.stages.push_back(stage("shipping", "card-vendor", fixed(2)));
  const SupplyOutcome o = simulate_flow(f, 7);
  const std::uint64_t scrapped = o.stages[0].scrapped;
  EXPECT_GT(scrapped, 40u);
  EXPECT_EQ(o.units.size(), 200u + scrapped);
  std::set<std::uint32_t> order_batches;
  for (std::size_t u = 0; u < o.units.size(); ++u) {
    const UnitRecord& r = o.units[u];
    if (r.replaces == UnitRecord::kNone) {
      order_batches.insert(r.batch);
      continue;
    }
    // A replacement: for the scrapped unit's device, released when the scrap
    // was found, in a batch after the order's.
    const UnitRecord& old = o.units[r.replaces];
    ASSERT_TRUE(old.scrapped());
    EXPECT_EQ(r.device, old.device);
    EXPECT_DOUBLE_EQ(r.released_s, old.steps.back().end_s);
    EXPECT_GE(r.batch, 10u);
  }
  EXPECT_EQ(order_batches.size(), 10u);
  // Every device is in service, after its last unit's shipping.
  for (std::uint32_t d = 0; d < 200; ++d) EXPECT_GT(o.in_service_s[d], 0) << d;
  EXPECT_EQ(supply_figures(o).scrapped, scrapped);
}

TEST(SupplyFlow, ReworkHoldsTheBatchBack) {
  StageSpec test = stage("factory-test", "card-vendor", fixed(1));
  test.failure = 0.5;
  test.rework = 1;
  test.rework_time = fixed(3);
  const SupplyOutcome o = simulate_flow(one_stage(10, 10, 0, test), 3);
  EXPECT_EQ(o.stages[0].scrapped, 0u);
  EXPECT_GT(o.stages[0].reworked, 0u);
  for (double t : o.in_service_s) EXPECT_DOUBLE_EQ(t, 4 * kDay);
}

TEST(SupplyFlow, CostsCountEveryBatchUnitAndReworkPerDeviceInService) {
  StageSpec s = stage("production", "card-vendor", fixed(1));
  s.cost_per_batch = 100;
  s.cost_per_unit = 2;
  StageSpec insertion = stage("manual-insertion", "customer", fixed(1));
  insertion.cost_per_unit = 10;
  FlowSpec f = one_stage(40, 10, 0, s);
  f.stages.push_back(insertion);
  SupplyOutcome o = simulate_flow(f, 1);
  SupplyFigures fig = supply_figures(o);
  EXPECT_DOUBLE_EQ(fig.stages[0].cost, (4 * 100 + 40 * 2) / 40.0);
  EXPECT_DOUBLE_EQ(fig.stages[1].cost, 10);
  EXPECT_DOUBLE_EQ(fig.cost, 22);
  // Scrapped units cost what they went through; their replacements too.
  f.stages[0].failure = 0.3;
  f.stages[0].rework = 0.5;
  f.stages[0].rework_cost = 7;
  o = simulate_flow(f, 2);
  fig = supply_figures(o);
  const StageFigures& p = o.stages[0];
  EXPECT_DOUBLE_EQ(p.cost, 100.0 * static_cast<double>(p.batches) + 2.0 * static_cast<double>(p.units) +
                               7.0 * static_cast<double>(p.reworked));
  EXPECT_GT(p.units, 40u);
  EXPECT_DOUBLE_EQ(fig.stages[0].cost, p.cost / 40);
  StageSpec negative = stage("x", "y", fixed(1));
  negative.cost_per_unit = -1;
  EXPECT_THROW(check_flow(one_stage(1, 1, 0, negative)), std::invalid_argument);
}

TEST(SupplyFlow, TriangularLeadTimesHaveTheirMean) {
  // 20 000 units of one batch, each [1, 2, 6] minutes: a mean of 3.
  StageSpec insert = stage("manual-insertion", "customer", {});
  insert.per_unit = {60, 120, 360};
  const SupplyOutcome o = simulate_flow(one_stage(20000, 20000, 0, insert), 11);
  EXPECT_NEAR(o.in_service_s[0] / 20000, 180, 180 * 0.02);
}

TEST(SupplyFlow, TheSameSeedGivesTheSameOutcome) {
  StageSpec s = stage("production", "card-vendor", {kDay, 2 * kDay, 5 * kDay});
  s.servers = 2;
  s.failure = 0.1;
  s.rework = 0.5;
  s.rework_time = {kDay, kDay, 3 * kDay};
  const FlowSpec f = one_stage(500, 50, 0.5, s);
  EXPECT_EQ(simulate_flow(f, 5).in_service_s, simulate_flow(f, 5).in_service_s);
  EXPECT_NE(simulate_flow(f, 5).in_service_s, simulate_flow(f, 6).in_service_s);
}

TEST(SupplyFlow, BadFlowsAreRefused) {
  StageSpec ok = stage("s", "p", fixed(1));
  FlowSpec f = one_stage(1, 1, 0, ok);
  f.units = 0;
  EXPECT_THROW(check_flow(f), std::invalid_argument);
  f = one_stage(1, 0, 0, ok);
  EXPECT_THROW(check_flow(f), std::invalid_argument);
  f = one_stage(1, 1, 0, stage("s", "p", {2, 1, 3}));
  EXPECT_THROW(check_flow(f), std::invalid_argument);
  StageSpec bad = ok;
  bad.failure = 1;
  EXPECT_THROW(check_flow(one_stage(1, 1, 0, bad)), std::invalid_argument);
  f = one_stage(1, 1, 0, ok);
  f.stages[0].in_service = true;
  f.stages.push_back(f.stages[0]);
  EXPECT_THROW(check_flow(f), std::invalid_argument);
  f.stages.clear();
  EXPECT_THROW(simulate_flow(f, 1), std::invalid_argument);
}

}  // namespace test_supply_flow
}  // namespace twinmodels::supply
