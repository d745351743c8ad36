// OneNET (models/twinmodels/platform/onenet.hpp; the source document
// §3.2.3, §4.1.2): products, devices registered with their identifiers,
// their states, suspension, deletion, data points, and the checkpoint.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "cardcore/nvm/crc32.hpp"
#include "twinmodels/platform/onenet.hpp"

namespace test_onenet {

namespace pf = twinmodels::platform;
using pf::OneNet;
using pf::OneNetDeviceState;
using pf::OneNetIdentity;

const OneNetIdentity kMeter{"89860400000000000011", "350000000000017", "89860400000000000011"};
const OneNetIdentity kLock{"89049032123451234512345678901235", "350000000000025", "89860700000000000027"};

OneNet with_product() {
  OneNet o;
  EXPECT_TRUE(o.add_product("meters", "customer-utility").ok());
  return o;
}

TEST(OneNet, ProductsHaveUniqueIds) {
  OneNet o = with_product();
  EXPECT_EQ(o.add_product("meters", "other").refusal, "product meters exists");
  EXPECT_EQ(o.add_product("", "other").refusal, "a product needs an id");
  ASSERT_EQ(o.products().size(), 1u);
  EXPECT_EQ(o.products()[0].customer, "customer-utility");
}

TEST(OneNet, ADeviceIsRegisteredUnderAProductWithItsIdentifiers) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 1000).ok());
  ASSERT_TRUE(o.register_device("meters", kLock, 2000).ok());
  const pf::OneNetDevice* d = o.device(kLock.chip_id);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->id, 2u);  // in registration order
  EXPECT_EQ(d->product, "meters");
  EXPECT_EQ(d->identity, kLock);
  EXPECT_EQ(d->state, OneNetDeviceState::Registered);
  EXPECT_EQ(d->registered_ms, 2000);
  EXPECT_FALSE(d->suspended);
  EXPECT_EQ(o.count(OneNetDeviceState::Registered), 2u);
  EXPECT_EQ(o.totals().registrations, 2u);
}

TEST(OneNet, RegistrationRefusesUnknownProductsAndTakenIdentifiers) {
  OneNet o = with_product();
  EXPECT_EQ(o.register_device("locks", kMeter, 0).refusal, "no product locks");
  EXPECT_EQ(o.register_device("meters", {"", "1", "2"}, 0).refusal, "a device needs a chip id");
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  EXPECT_EQ(o.register_device("meters", kMeter, 5).refusal, "chip 89860400000000000011 is device 1 already");
  EXPECT_EQ(o.register_device("meters", {"other-chip", kMeter.imei, ""}, 5).refusal,
            "IMEI 350000000000017 is device 1's");
  EXPECT_EQ(o.devices().size(), 1u);
  EXPECT_EQ(o.totals().registrations, 1u);
}

TEST(OneNet, OnlineFollowsConnectAndDisconnect) {
  OneNet o = with_product();
  EXPECT_EQ(o.connect(kMeter.chip_id, 10).refusal, "chip 89860400000000000011 has no device");
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  ASSERT_TRUE(o.connect(kMeter.chip_id, 10).ok());
  EXPECT_EQ(o.device(kMeter.chip_id)->state, OneNetDeviceState::Online);
  EXPECT_EQ(o.device(kMeter.chip_id)->since_ms, 10);
  ASSERT_TRUE(o.connect(kMeter.chip_id, 20).ok());  // still online since 10
  EXPECT_EQ(o.device(kMeter.chip_id)->since_ms, 10);
  ASSERT_TRUE(o.disconnect(kMeter.chip_id, 30).ok());
  EXPECT_EQ(o.device(kMeter.chip_id)->state, OneNetDeviceState::Offline);
  EXPECT_EQ(o.device(kMeter.chip_id)->since_ms, 30);
  EXPECT_EQ(o.count(OneNetDeviceState::Offline), 1u);
  EXPECT_EQ(o.count(OneNetDeviceState::Online), 0u);
}

TEST(OneNet, DataPointsAreCountedPerDeviceAndOverall) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 500, 100).ok());
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 900, 40).ok());
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 700, 10).ok());  // arrived late: the last stays 900
  const pf::OneNetDevice& d = *o.device(kMeter.chip_id);
  EXPECT_EQ(d.datapoints, 3u);
  EXPECT_EQ(d.bytes, 150u);
  EXPECT_EQ(d.last_datapoint_ms, 900);
  EXPECT_EQ(o.totals().datapoints, 3u);
  EXPECT_EQ(o.totals().datapoint_bytes, 150u);
  // From a chip with no device: refused and counted.
  EXPECT_EQ(o.datapoint(kLock.chip_id, 1000, 5).refusal, "chip 89049032123451234512345678901235 has no device");
  EXPECT_EQ(o.totals().datapoints_refused, 1u);
}

TEST(OneNet, ASuspendedDeviceIsMarkedAndItsDataRefused) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  ASSERT_TRUE(o.connect(kMeter.chip_id, 1).ok());
  ASSERT_TRUE(o.suspend(kMeter.chip_id, 100).ok());
  EXPECT_TRUE(o.device(kMeter.chip_id)->suspended);
  EXPECT_EQ(o.suspended(), 1u);
  EXPECT_EQ(o.suspend(kMeter.chip_id, 110).refusal, "device 1 is suspended already");
  EXPECT_EQ(o.datapoint(kMeter.chip_id, 120, 8).refusal, "device 1 is suspended");
  EXPECT_EQ(o.totals().datapoints_refused, 1u);
  EXPECT_EQ(o.device(kMeter.chip_id)->datapoints, 0u);
  ASSERT_TRUE(o.resume(kMeter.chip_id, 200).ok());
  EXPECT_EQ(o.resume(kMeter.chip_id, 210).refusal, "device 1 is not suspended");
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 220, 8).ok());
  EXPECT_EQ(o.totals().suspensions, 1u);
  EXPECT_EQ(o.totals().resumptions, 1u);
  // The mark does not change the connection state.
  EXPECT_EQ(o.device(kMeter.chip_id)->state, OneNetDeviceState::Online);
}

TEST(OneNet, ADeletedDeviceTakesNothingAndTheChipMayRegisterAgain) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 10, 3).ok());
  ASSERT_TRUE(o.remove(kMeter.chip_id, 50).ok());
  EXPECT_EQ(o.device(kMeter.chip_id)->state, OneNetDeviceState::Deleted);
  EXPECT_FALSE(o.registered(kMeter.chip_id));
  EXPECT_EQ(o.remove(kMeter.chip_id, 60).refusal, "chip 89860400000000000011 has no device");
  EXPECT_FALSE(o.connect(kMeter.chip_id, 60).ok());
  EXPECT_FALSE(o.suspend(kMeter.chip_id, 60).ok());
  EXPECT_FALSE(o.datapoint(kMeter.chip_id, 60, 1).ok());
  EXPECT_EQ(o.totals().deletions, 1u);
  // The chip and its IMEI registered again: a new device.
  ASSERT_TRUE(o.register_device("meters", kMeter, 70).ok());
  EXPECT_EQ(o.device(kMeter.chip_id)->id, 2u);
  EXPECT_EQ(o.device(kMeter.chip_id)->datapoints, 0u);
  EXPECT_EQ(o.devices()[0].state, OneNetDeviceState::Deleted);
  EXPECT_EQ(o.count(OneNetDeviceState::Registered), 1u);
}

TEST(OneNet, TheStateRoundTripsAndARestoredPlatformGoesOnTheSame) {
  OneNet o = with_product();
  ASSERT_TRUE(o.add_product("locks", "customer-estate").ok());
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  ASSERT_TRUE(o.register_device("locks", kLock, 5).ok());
  ASSERT_TRUE(o.connect(kMeter.chip_id, 10).ok());
  ASSERT_TRUE(o.datapoint(kMeter.chip_id, 20, 64).ok());
  ASSERT_TRUE(o.suspend(kLock.chip_id, 30).ok());
  ASSERT_TRUE(o.remove(kMeter.chip_id, 40).ok());
  OneNet copy;
  copy.restore_state(o.save_state());
  EXPECT_EQ(copy.save_state(), o.save_state());
  EXPECT_EQ(copy.devices(), o.devices());
  EXPECT_EQ(copy.totals(), o.totals());
  // Both go on alike: the indexes came back (the deleted chip and its IMEI
  // are free, the lock's are taken).
  for (OneNet* p : {&o, &copy}) {
    EXPECT_TRUE(p->register_device("meters", kMeter, 50).ok());
    EXPECT_FALSE(p->register_device("meters", {"x", kLock.imei, ""}, 50).ok());
    EXPECT_EQ(p->resume(kLock.chip_id, 60).refusal, "");
  }
  EXPECT_EQ(copy.save_state(), o.save_state());
}

TEST(OneNet, ADamagedOrInconsistentStateIsRefusedAndChangesNothing) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  const cardcore::Bytes good = o.save_state();
  OneNet target = with_product();
  const cardcore::Bytes before = target.save_state();
  cardcore::Bytes damaged = good;
  damaged[10] ^= 1;
  EXPECT_THROW(target.restore_state(damaged), std::invalid_argument);
  EXPECT_THROW(target.restore_state(cardcore::ByteView(good).first(good.size() - 1)), std::invalid_argument);
  cardcore::Bytes other = good;
  other[0] = 'X';
  try {
    target.restore_state(other);
    FAIL() << "an other magic was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "OneNET state: not a saved OneNET state (no magic \"ONET\")");
  }
  EXPECT_EQ(target.save_state(), before);
}

// `state` with its body changed by `edit`, sealed again (a CRC that matches).
cardcore::Bytes resealed(cardcore::Bytes state, const std::function<void(cardcore::Bytes&)>& edit) {
  state.resize(state.size() - 4);
  edit(state);
  const std::uint32_t crc = cardcore::crc32(state);
  for (int i = 0; i < 4; ++i) state.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  return state;
}

std::string refusal(OneNet& o, const cardcore::Bytes& state) {
  try {
    o.restore_state(state);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(taken)";
}

TEST(OneNet, AnInconsistentStateSealedAgainIsRefusedToo) {
  OneNet o = with_product();
  ASSERT_TRUE(o.register_device("meters", kMeter, 0).ok());
  const cardcore::Bytes good = o.save_state();
  OneNet target;
  // The totals' registrations (the 7th u64 from the end) other than the devices.
  const cardcore::Bytes more = resealed(good, [](cardcore::Bytes& b) { b[b.size() - 56] = 2; });
  EXPECT_EQ(refusal(target, more), "OneNET state: 2 registrations for 1 devices");
  // The device's state byte out of range: after the header (6), the
  // products (count, "meters", "customer-utility"), the devices' count and
  // the device's product, chip id, IMEI and ICCID (each a u32 length and
  // its bytes).
  const std::size_t state_at = 6 + 4 + (4 + 6) + (4 + 16) + 4 + (4 + 6) + (4 + 20) + (4 + 15) + (4 + 20);
  const cardcore::Bytes bad_state = resealed(good, [&](cardcore::Bytes& b) { b[state_at] = 9; });
  EXPECT_EQ(refusal(target, bad_state), "OneNET state: device state 9 is not one");
  EXPECT_TRUE(target.devices().empty());
  EXPECT_TRUE(target.products().empty());
}

}  // namespace test_onenet
