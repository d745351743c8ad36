// The world's device table (sim/twinsim/engine/device_table.hpp): every
// device of a run, or only those a sharded run's rank holds, by index.
#include <gtest/gtest.h>

#include "cardcore/profile/profile_parser.hpp"
#include "twinsim/engine/device_table.hpp"

namespace test_device_table {

using twinsim::DeviceTable;

std::shared_ptr<const cardcore::ProfileTemplate> profile() {
  static const auto p = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

TEST(DeviceTable, EveryDeviceHeldIsItsOwnIndex) {
  DeviceTable t;
  for (int i = 0; i < 3; ++i) t.emplace_back(profile()).population = static_cast<std::uint16_t>(10 + i);
  EXPECT_EQ(t.size(), 3u);
  for (std::size_t d = 0; d < 3; ++d) {
    EXPECT_TRUE(t.holds(d));
    EXPECT_EQ(t[d].population, 10 + d);
  }
  EXPECT_FALSE(t.holds(3));
}

TEST(DeviceTable, ARankHoldsOnlyItsOwnDevices) {
  // Devices 0, 1 held, 2 not, 3 held, 4 and 5 not, 6 held: the skips start
  // after some devices were added, and the table counts every device.
  DeviceTable t;
  const std::vector<bool> held{true, true, false, true, false, false, true};
  for (std::size_t d = 0; d < held.size(); ++d) {
    if (held[d])
      t.emplace_back(profile()).population = static_cast<std::uint16_t>(d);
    else
      t.skip();
  }
  EXPECT_EQ(t.size(), held.size());
  for (std::size_t d = 0; d < held.size(); ++d) {
    EXPECT_EQ(t.holds(d), held[d]) << d;
    if (held[d]) {
      EXPECT_EQ(t[d].population, d);
    }
  }
  // What one device holds is its own.
  t[3].attaches = 7;
  EXPECT_EQ(t[3].attaches, 7u);
  EXPECT_EQ(t[1].attaches, 0u);
  EXPECT_EQ(t[6].attaches, 0u);
}

}  // namespace test_device_table
