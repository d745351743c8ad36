// The SM-DP's subscription stock restored from an old backup
// (SubscriptionStock::records / restore; the `restore-backup` fault on
// `sm-dp`): each entry goes back to its state, order and eUICC of the
// backup; one under an order now stays reserved, one reserved in the
// backup comes back available, one loaded since is available.
#include <gtest/gtest.h>

#include <string>

#include "twinmodels/platform/subscription_stock.hpp"

namespace twinmodels::testing {
namespace test_subscription_stock_restore {

using platform::StockState;
using platform::SubscriptionStock;

platform::SubscriptionValues values(const std::string& iccid) {
  return {iccid, "26202000000000" + iccid.substr(iccid.size() - 1), cardcore::Bytes(16, 0x11), cardcore::Bytes(16, 0x22)};
}

TEST(SubscriptionStockRestore, EntriesGoBackToTheBackupsStatesButAnOrderUnderWayKeepsItsOwn) {
  SubscriptionStock s;
  for (const char* iccid : {"8949000000000000011", "8949000000000000029", "8949000000000000037"})
    s.add("partner-eu", values(iccid), "491700000000");
  const std::string a = "8949000000000000011", b = "8949000000000000029", c = "8949000000000000037";
  ASSERT_FALSE(s.reserve(a, "partner-eu", "o-1"));  // reserved at the backup, installed since
  ASSERT_FALSE(s.reserve(b, "partner-eu", "o-2"));
  s.withhold(b);                                     // withheld at the backup
  const std::vector<SubscriptionStock::Record> backup = s.records();
  ASSERT_EQ(backup.size(), 3u);
  EXPECT_EQ(backup[0].state, StockState::Reserved);
  s.install(a, "89049032000000000000000000000011");
  ASSERT_TRUE(s.return_to_stock(b));
  ASSERT_FALSE(s.reserve(b, "partner-eu", "o-3"));   // under an order now
  ASSERT_FALSE(s.reserve(c, "partner-eu", "o-4"));
  s.install(c, "89049032000000000000000000000037");
  s.add("partner-eu", values("8949000000000000045"), "491700000001");  // loaded since
  const std::string d = "8949000000000000045";
  ASSERT_FALSE(s.reserve(d, "partner-eu", "o-5"));
  s.install(d, "89049032000000000000000000000045");

  // a: reserved in the backup (its order ended since): available. b: under
  // order o-3 now: kept. c: available in the backup. d: loaded since:
  // available. Three changed.
  EXPECT_EQ(s.restore(backup), 3u);
  EXPECT_EQ(s.find(a)->state, StockState::Available);
  EXPECT_TRUE(s.find(a)->eid.empty());
  EXPECT_EQ(s.find(b)->state, StockState::Reserved);
  EXPECT_EQ(s.find(b)->order, "o-3");
  EXPECT_EQ(s.find(c)->state, StockState::Available);
  EXPECT_TRUE(s.find(c)->order.empty());
  EXPECT_EQ(s.find(d)->state, StockState::Available);
  // The order under way ends as it would have.
  s.install(b, "89049032000000000000000000000029");
  EXPECT_EQ(s.find(b)->state, StockState::Installed);
  // A restore of the records it has changes nothing.
  EXPECT_EQ(s.restore(s.records()), 0u);
}

TEST(SubscriptionStockRestore, AWithheldEntryComesBackWithheldWithItsOrder) {
  SubscriptionStock s;
  const std::string a = "8949000000000000011";
  s.add("partner-eu", values(a), "491700000000");
  ASSERT_FALSE(s.reserve(a, "partner-eu", "o-1"));
  s.withhold(a);
  const auto backup = s.records();
  ASSERT_TRUE(s.return_to_stock(a));
  EXPECT_EQ(s.restore(backup), 1u);
  EXPECT_EQ(s.find(a)->state, StockState::Withheld);
  EXPECT_EQ(s.find(a)->order, "o-1");
}

}  // namespace test_subscription_stock_restore
}  // namespace twinmodels::testing
