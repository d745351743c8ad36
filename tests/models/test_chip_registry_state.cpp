// The chip management platform's checkpoint (the source document §3.2.3;
// ChipRegistry::save_state / restore_state, layout CHIP 2 in
// chip_registry_state.cpp): chips through their whole lifecycle saved at
// every step and restored into a fresh registry answer every query alike,
// save the same bytes, and go on alike; cut, damaged, another magic or
// version and inconsistent states are refused and change nothing; the bytes
// one activated chip takes.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "chip_rig.hpp"
#include "state_refusals.hpp"
#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {
namespace test_chip_registry_state {

using namespace chip_rig;
using twinmodels::testing::resealed;
using twinmodels::testing::StateRefusals;

using Step = std::function<Status(ChipRegistry&)>;

const std::string kA = "89860400000000000001";  // ICCIDs
const std::string kB = "89860400000000000002";
const std::string kC = "89860400000000000003";
const std::string kD = "89860400000000000004";
constexpr std::uint64_t kT0 = 100 * kDayMs;
constexpr std::uint64_t kFee = 150;  // a fee per day for the test, not a tariff

// The circulation steps of `id` up to its sale (chip_rig's to_customer).
void circulate(std::vector<Step>& s, const std::string& id) {
  s.push_back([id](ChipRegistry& r) { return r.produce(id, kInfo, kChipMaker, 1); });
  s.push_back([id](ChipRegistry& r) { return r.stock_in(id, kChipMaker, 2); });
  s.push_back([id](ChipRegistry& r) { return r.ship(id, kChipMaker, kOperator, 3); });
  s.push_back([id](ChipRegistry& r) { return r.receive(id, kOperator, 4); });
  s.push_back([id](ChipRegistry& r) { return r.ship(id, kOperator, kModuleMaker, 5); });
  s.push_back([id](ChipRegistry& r) { return r.receive(id, kModuleMaker, 6); });
  s.push_back([id](ChipRegistry& r) { return r.mount(id, kModuleMaker, "M-" + id, 7); });
  s.push_back([id](ChipRegistry& r) { return r.ship(id, kModuleMaker, kOem, 8); });
  s.push_back([id](ChipRegistry& r) { return r.receive(id, kOem, 9); });
  s.push_back([id](ChipRegistry& r) { return r.integrate(id, kOem, "D-" + id, 10); });
  s.push_back([id](ChipRegistry& r) { return r.sell(id, kOem, kCustomer, "ACC-1", 12); });
}

// Pools, four chips: A and B to their customer, C left in stock and
// scrapped, D left on its way; activation with given numbers, an OTA write,
// suspensions, deactivations, a number and a chip recycled, B activated
// again; every step done.
std::vector<Step> lifecycle() {
  std::vector<Step> s;
  s.push_back([](ChipRegistry& r) { return r.add_pool(pool_config(4)); });
  s.push_back([](ChipRegistry& r) { return r.add_pool({"P2", "460040000000900", "8614800000900", 3, kQuarantine}); });
  circulate(s, kA);
  circulate(s, kB);
  s.push_back([](ChipRegistry& r) { return r.produce(kC, kInfo, kCardVendor, 13); });
  s.push_back([](ChipRegistry& r) { return r.stock_in(kC, kCardVendor, 14); });
  s.push_back([](ChipRegistry& r) { return r.produce(kD, kInfo, kChipMaker, 15); });
  s.push_back([](ChipRegistry& r) { return r.stock_in(kD, kChipMaker, 16); });
  s.push_back([](ChipRegistry& r) { return r.ship(kD, kChipMaker, kAgent, 17); });
  s.push_back([](ChipRegistry& r) { return r.activate(kA, kOperator, "P1", kT0, "460040000000102"); });
  s.push_back([](ChipRegistry& r) { return r.activate(kB, kOperator, "P1", kT0 + 1, "460040000000101"); });
  s.push_back([](ChipRegistry& r) { return r.ota_write(kA, kOperator, "P2", "write-card", kT0 + 2, "460040000000901"); });
  s.push_back([](ChipRegistry& r) { return r.suspend(kA, kCustomer, kT0 + 3 * kDayMs); });
  s.push_back([](ChipRegistry& r) { return r.resume(kA, kOperator, kT0 + 5 * kDayMs); });
  s.push_back([](ChipRegistry& r) { return r.suspend(kB, kOperator, kT0 + 6 * kDayMs); });
  s.push_back([](ChipRegistry& r) { return r.deactivate(kB, kOperator, kT0 + 7 * kDayMs); });
  s.push_back([](ChipRegistry& r) { return r.recycle_number(kOperator, "P1", "460040000000102", kT0 + 2 + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.recycle(kB, kOperator, kT0 + 7 * kDayMs + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.activate(kB, kOperator, "P1", kT0 + 8 * kDayMs + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.deactivate(kA, kOperator, kT0 + 9 * kDayMs + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.scrap(kC, kCardVendor, kT0 + 10 * kDayMs + kQuarantine); });
  return s;
}

std::string party(const std::optional<Party>& p) { return p ? describe(*p) : "-"; }

std::vector<std::string> numbers(const NumberPool& p) {
  std::vector<std::string> imsis;
  const std::uint64_t first = std::stoull(p.config().first_imsi);
  for (std::uint32_t i = 0; i < p.size(); ++i) imsis.push_back(std::to_string(first + i));  // no leading 0 here
  return imsis;
}

// Everything the registry answers, one line per fact.
std::vector<std::string> queries(const ChipRegistry& r) {
  std::vector<std::string> q;
  for (const std::string pool_id : {"P1", "P2"}) {
    const NumberPool* p = r.pool(pool_id);
    if (!p) {
      q.push_back(std::string("no pool ") + pool_id);
      continue;
    }
    q.push_back(p->id() + " " + p->config().first_imsi + " " + p->config().first_msisdn + " " +
                std::to_string(p->size()) + " " + std::to_string(p->config().quarantine_ms));
    for (const std::string& imsi : numbers(*p))
      q.push_back(imsi + " " + to_string(*p->state_of(imsi).value) + " " + p->holder_of(imsi));
  }
  q.push_back("chips " + std::to_string(r.size()));
  for (const auto& [s, n] : r.counts()) q.push_back(std::string(to_string(s)) + " " + std::to_string(n));
  for (const std::string& id : {kA, kB, kC, kD}) {
    const Chip* c = r.chip(id);
    if (!c) continue;
    q.push_back(id + " " + to_string(c->state()) + " " + party(c->holder()) + " " + party(c->shipped_to()) + " " +
                c->production().card_vendor + " " + c->production().chip_maker + " " + c->production().batch + " " +
                c->module_id() + " " + c->device_id() + " " + party(c->customer()) + " " + c->account() + " " +
                c->pool() + " " + c->imsi() + " " + c->msisdn());
    for (const AuditEntry& e : c->audit()) q.push_back(describe(e));
  }
  for (const Party& p : {kChipMaker, kCardVendor, kOperator, kAgent, kOem, kCustomer})
    for (const std::string& id : r.held_by(p)) q.push_back(describe(p) + " holds " + id);
  for (const BillingRecord& b : r.billing()) {
    std::string line = b.chip_id + " " + b.account + " " + b.customer + " " + std::to_string(b.activated_ms) + " " +
                       (b.deactivated_ms ? std::to_string(*b.deactivated_ms) : "-");
    for (const ServiceInterval& i : b.in_service)
      line += " [" + std::to_string(i.from_ms) + ", " + (i.to_ms ? std::to_string(*i.to_ms) : "-") + ")";
    q.push_back(line);
  }
  q.push_back("days " + std::to_string(r.billable_days("ACC-1", 0, 1000 * kDayMs)) + " charge " +
              std::to_string(r.charge("ACC-1", 0, 1000 * kDayMs)));
  return q;
}

// The registry after the first `n` steps.
ChipRegistry after(const std::vector<Step>& steps, std::size_t n) {
  ChipRegistry r({kFee});
  for (std::size_t i = 0; i < n; ++i) {
    const Status s = steps[i](r);
    EXPECT_TRUE(s.ok()) << "step " << i << ": " << s.refusal;
  }
  return r;
}

TEST(ChipRegistryState, RestoredAtEveryStepAnswersAlikeAndGoesOnAlike) {
  const std::vector<Step> steps = lifecycle();
  const ChipRegistry end = after(steps, steps.size());
  for (std::size_t k = 0; k <= steps.size(); ++k) {
    SCOPED_TRACE("after step " + std::to_string(k));
    ChipRegistry original = after(steps, k);
    const cardcore::Bytes saved = original.save_state();
    ChipRegistry restored({kFee});
    restored.restore_state(saved);
    EXPECT_EQ(restored.save_state(), saved);
    EXPECT_EQ(queries(restored), queries(original));
    // A registry with another state takes it whole.
    ChipRegistry other = end;
    other.restore_state(saved);
    EXPECT_EQ(other.save_state(), saved);
    for (std::size_t i = k; i < steps.size(); ++i) {
      const Status a = steps[i](original);
      const Status b = steps[i](restored);
      EXPECT_TRUE(a.ok()) << a.refusal;
      EXPECT_EQ(b.refusal, a.refusal);
    }
    EXPECT_EQ(restored.save_state(), original.save_state());
    EXPECT_EQ(queries(restored), queries(end));
  }
  // The steps after the end are refused alike: A's first number is free
  // again, B's in service, C scrapped.
  ChipRegistry restored;
  restored.restore_state(end.save_state());
  EXPECT_EQ(restored.activate(kA, kOperator, "P1", kT0 + 20 * kDayMs + kQuarantine, "460040000000100").refusal,
            "chip " + kA + ": Activate refused: not allowed from Deactivated (only from Sold, Recycled)");
  EXPECT_EQ(*restored.pool("P1")->state_of("460040000000102").value, NumberState::Free);
  EXPECT_EQ(restored.pool("P1")->holder_of("460040000000100"), kB);  // the lowest free at B's second activation
}

// The first offset after `text` written by put_text (length and bytes).
std::size_t after_text(const cardcore::Bytes& b, const std::string& text) {
  cardcore::Bytes needle;
  twinmodels::state::put_text(needle, text);
  const auto at = std::search(b.begin(), b.end(), needle.begin(), needle.end());
  EXPECT_NE(at, b.end()) << text;
  return static_cast<std::size_t>(at - b.begin()) + needle.size();
}

TEST(ChipRegistryState, CutDamagedAndInconsistentStatesAreRefusedAndChangeNothing) {
  const std::vector<Step> steps = lifecycle();
  ChipRegistry target = after(steps, steps.size());
  // Mid-way: A written over the air and suspended, B in service, C in
  // stock, D on its way.
  const ChipRegistry mid = after(steps, 33);
  ASSERT_EQ(mid.chip(kA)->state(), ChipState::Suspended);
  ASSERT_EQ(mid.chip(kB)->state(), ChipState::Activated);
  const cardcore::Bytes saved = mid.save_state();
  const StateRefusals<ChipRegistry> check(target, "chip registry state: ");
  check.cuts_refused(saved);
  check.sealed_cuts_refused(saved);
  check.header_damage_refused(saved, "chip registry", 3);
  check.flips_refused(saved);

  cardcore::Bytes bad = saved;
  bad[after_text(bad, kD)] = 13;  // one past Replaced
  check.refused(resealed(bad), "chip state 13 is not one");
  bad = saved;
  bad[after_text(bad, kD)] = static_cast<std::uint8_t>(ChipState::InStock);  // with an addressee
  check.refused(resealed(bad), "chip " + kD + ": an addressee while InStock");
  // B's number made P1's last, a free one (the IMSI's text is B's only).
  bad = saved;
  const std::size_t imsi = after_text(bad, "460040000000101");
  bad[imsi - 1] = '3';
  bad[imsi + 4 + 12] = '3';  // its MSISDN 8614800000103, the pool's pairing
  check.refused(resealed(bad), "chip " + kB + ": its IMSI 460040000000103 is not held by it in pool P1");
  bad[imsi + 4 + 12] = '4';
  check.refused(resealed(bad), "MSISDN 8614800000104 is not the pool's pairing of IMSI 460040000000103");
  // The last open record's index (before the CRC) out of range.
  bad = saved;
  bad[bad.size() - 8] = 200;
  check.refused(resealed(bad), "open billing record 200 of chip " + kB + " is out of range (2 records)");
}

// A chip's share of a saved state after the 8 steps from production to
// sale (through the operator to an OEM) and its activation: its record
// with the 9 audit lines, its number in the pool, its billing record and
// open-record entry; ICCIDs of 20 digits, the rig's party ids.
TEST(ChipRegistryState, AnActivatedChipTakesUnderAKilobyte) {
  auto registry_of = [](std::uint32_t chips) {
    ChipRegistry r;
    EXPECT_TRUE(r.add_pool({"P1", "460040000000000", "8614800000000", 1000, kQuarantine}).ok());
    for (std::uint32_t i = 0; i < chips; ++i) {
      const std::string id = "8986040000000000" + std::to_string(1000 + i);
      EXPECT_TRUE(r.produce(id, kInfo, kChipMaker, 1).ok());
      EXPECT_TRUE(r.stock_in(id, kChipMaker, 2).ok());
      EXPECT_TRUE(r.ship(id, kChipMaker, kOperator, 3).ok());
      EXPECT_TRUE(r.receive(id, kOperator, 4).ok());
      EXPECT_TRUE(r.ship(id, kOperator, kOem, 5).ok());
      EXPECT_TRUE(r.receive(id, kOem, 6).ok());
      EXPECT_TRUE(r.integrate(id, kOem, "D-" + id, 7).ok());
      EXPECT_TRUE(r.sell(id, kOem, kCustomer, "ACC-1", 8).ok());
      EXPECT_TRUE(r.activate(id, kOperator, "P1", kT0 + i, std::to_string(460040000000000ULL + i)).ok());
    }
    return r.save_state().size();
  };
  const std::size_t one = registry_of(1) - registry_of(0);
  EXPECT_EQ(registry_of(100) - registry_of(0), 100 * one);  // the same for every chip
  // Measured: 962 bytes, about two thirds of them the audit trail's 9 lines
  // (times, actors, details); the rest the chip's fields (~193: no other
  // number, no SM-SR), its number
  // (37), its billing record (65) and open-record entry (28).
  EXPECT_GT(one, 900u);
  EXPECT_LT(one, 1024u);
}

}  // namespace test_chip_registry_state
}  // namespace twinmodels::platform
