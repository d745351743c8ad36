#pragma once
// OneNET, China Mobile's IoT open platform (the source document §3.2.3: the
// chip management platform is highly integrated with OneLink, the write-card
// platform and OneNET; §4.1.2: China Mobile provides eSIM and OneNET
// connection services with its eSIM communication chips). The source names
// the platform and nothing of its workings: the products, the devices'
// identifiers, their states and the data point counts below are ours,
// after what an IoT device-access platform keeps.
//
// - Products: a customer's (id, customer); devices are registered under one.
// - Devices: registered with the identifiers the twin has (the chip id —
//   the eUICC's EID or the domestic card's ICCID —, the IMEI, the ICCID of
//   the card's subscription); OneNET gives each a device id, from 1 in
//   registration order. A device is Registered (never online), Online,
//   Offline or Deleted; besides, it may be suspended (its chip's number is,
//   at the chip management platform): a suspended device's data points are
//   refused. Deleted is final for that device id: the same chip registered
//   again is a new device.
// - Data points: a device's uplink data, counted per device (count, bytes,
//   the last one's time) and over the platform.
//
// No clock: the caller gives every time in ms; a device's last data point
// time is the latest given. Refusals are answers (Status), not exceptions.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/chip_result.hpp"

namespace twinmodels::platform {

enum class OneNetDeviceState : std::uint8_t { Registered, Online, Offline, Deleted };
const char* to_string(OneNetDeviceState s);

// What identifies a device at registration (ours: the identifiers the twin
// has for a device).
struct OneNetIdentity {
  std::string chip_id;  // the chip management platform's chip id (EID or ICCID)
  std::string imei;     // the modem's IMEI (15 digits), empty when unknown
  std::string iccid;    // the card's (enabled profile's) ICCID
  bool operator==(const OneNetIdentity&) const = default;
};

struct OneNetProduct {
  std::string id;
  std::string customer;
  bool operator==(const OneNetProduct&) const = default;
};

struct OneNetDevice {
  std::uint64_t id = 0;  // OneNET's device id
  std::string product;
  OneNetIdentity identity;
  OneNetDeviceState state = OneNetDeviceState::Registered;
  bool suspended = false;
  std::int64_t registered_ms = 0;
  std::int64_t since_ms = 0;  // of the state
  std::uint64_t datapoints = 0;
  std::uint64_t bytes = 0;
  std::int64_t last_datapoint_ms = -1;  // -1: none yet
  bool operator==(const OneNetDevice&) const = default;
};

struct OneNetTotals {
  std::uint64_t registrations = 0, deletions = 0, suspensions = 0, resumptions = 0;
  std::uint64_t datapoints = 0, datapoint_bytes = 0, datapoints_refused = 0;
  bool operator==(const OneNetTotals&) const = default;
};

class OneNet {
 public:
  // Refused: an empty id, or one taken.
  Status add_product(const std::string& id, const std::string& customer);
  // Refused: an unknown product, an empty chip id, a chip id or IMEI a
  // device not deleted already has.
  Status register_device(const std::string& product, const OneNetIdentity& identity, std::int64_t at_ms);
  // The device of `chip_id` connected / disconnected. Refused: no device,
  // or a deleted one.
  Status connect(const std::string& chip_id, std::int64_t at_ms);
  Status disconnect(const std::string& chip_id, std::int64_t at_ms);
  // A data point of `bytes` from the device. Refused (and counted
  // datapoints_refused): no device, a deleted or a suspended one.
  Status datapoint(const std::string& chip_id, std::int64_t at_ms, std::uint64_t bytes);
  // Refused: no device, a deleted one, a suspended one suspended again or
  // one not suspended resumed.
  Status suspend(const std::string& chip_id, std::int64_t at_ms);
  Status resume(const std::string& chip_id, std::int64_t at_ms);
  // Deleted from then on. Refused: no device or a deleted one.
  Status remove(const std::string& chip_id, std::int64_t at_ms);

  // The latest device registered for `chip_id` (perhaps Deleted); null for none.
  const OneNetDevice* device(const std::string& chip_id) const;
  // Whether `chip_id` has a device that is not deleted.
  bool registered(const std::string& chip_id) const;
  const std::vector<OneNetDevice>& devices() const { return devices_; }
  const std::vector<OneNetProduct>& products() const { return products_; }
  // Devices in state s; suspended devices not deleted.
  std::uint64_t count(OneNetDeviceState s) const;
  std::uint64_t suspended() const;
  const OneNetTotals& totals() const { return totals_; }

  // Checkpoints (onenet_state.cpp, "ONET" 1, CRC-32 sealed): the products,
  // every device and the totals. restore_state() refuses malformed or
  // inconsistent input with std::invalid_argument("OneNET state: ...")
  // and leaves the platform unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  OneNetDevice* live(const std::string& chip_id);
  bool has_product(const std::string& id) const;
  // Rebuilds the indexes from devices_.
  void index();

  std::vector<OneNetProduct> products_;
  std::vector<OneNetDevice> devices_;                  // in registration order
  std::map<std::string, std::size_t> by_chip_;         // the latest device of a chip
  std::map<std::string, std::size_t> by_imei_;         // devices not deleted
  OneNetTotals totals_;
};

}  // namespace twinmodels::platform
