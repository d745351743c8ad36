// OneNET (the source document §3.2.3, §4.1.2); the rules are ours (onenet.hpp).
#include "twinmodels/platform/onenet.hpp"

#include <algorithm>

namespace twinmodels::platform {

const char* to_string(OneNetDeviceState s) {
  switch (s) {
    case OneNetDeviceState::Registered: return "Registered";
    case OneNetDeviceState::Online: return "Online";
    case OneNetDeviceState::Offline: return "Offline";
    case OneNetDeviceState::Deleted: return "Deleted";
  }
  return "?";
}

bool OneNet::has_product(const std::string& id) const {
  return std::any_of(products_.begin(), products_.end(), [&](const OneNetProduct& p) { return p.id == id; });
}

Status OneNet::add_product(const std::string& id, const std::string& customer) {
  if (id.empty()) return Status::refused("a product needs an id");
  if (has_product(id)) return Status::refused("product " + id + " exists");
  products_.push_back({id, customer});
  return Status::done();
}

OneNetDevice* OneNet::live(const std::string& chip_id) {
  const auto it = by_chip_.find(chip_id);
  if (it == by_chip_.end()) return nullptr;
  OneNetDevice& d = devices_[it->second];
  return d.state == OneNetDeviceState::Deleted ? nullptr : &d;
}

const OneNetDevice* OneNet::device(const std::string& chip_id) const {
  const auto it = by_chip_.find(chip_id);
  return it == by_chip_.end() ? nullptr : &devices_[it->second];
}

bool OneNet::registered(const std::string& chip_id) const {
  const OneNetDevice* d = device(chip_id);
  return d && d->state != OneNetDeviceState::Deleted;
}

Status OneNet::register_device(const std::string& product, const OneNetIdentity& identity, std::int64_t at_ms) {
  if (!has_product(product)) return Status::refused("no product " + product);
  if (identity.chip_id.empty()) return Status::refused("a device needs a chip id");
  if (const OneNetDevice* d = live(identity.chip_id))
    return Status::refused("chip " + identity.chip_id + " is device " + std::to_string(d->id) + " already");
  if (!identity.imei.empty()) {
    if (const auto it = by_imei_.find(identity.imei); it != by_imei_.end())
      return Status::refused("IMEI " + identity.imei + " is device " + std::to_string(devices_[it->second].id) + "'s");
  }
  OneNetDevice d;
  d.id = devices_.size() + 1;
  d.product = product;
  d.identity = identity;
  d.registered_ms = at_ms;
  d.since_ms = at_ms;
  devices_.push_back(std::move(d));
  by_chip_[identity.chip_id] = devices_.size() - 1;
  if (!identity.imei.empty()) by_imei_[identity.imei] = devices_.size() - 1;
  ++totals_.registrations;
  return Status::done();
}

namespace {

Status no_device(const std::string& chip_id) { return Status::refused("chip " + chip_id + " has no device"); }

}  // namespace

Status OneNet::connect(const std::string& chip_id, std::int64_t at_ms) {
  OneNetDevice* d = live(chip_id);
  if (!d) return no_device(chip_id);
  if (d->state != OneNetDeviceState::Online) {
    d->state = OneNetDeviceState::Online;
    d->since_ms = at_ms;
  }
  return Status::done();
}

Status OneNet::disconnect(const std::string& chip_id, std::int64_t at_ms) {
  OneNetDevice* d = live(chip_id);
  if (!d) return no_device(chip_id);
  if (d->state == OneNetDeviceState::Online) {
    d->state = OneNetDeviceState::Offline;
    d->since_ms = at_ms;
  }
  return Status::done();
}

Status OneNet::datapoint(const std::string& chip_id, std::int64_t at_ms, std::uint64_t bytes) {
  OneNetDevice* d = live(chip_id);
  if (!d || d->suspended) {
    ++totals_.datapoints_refused;
    return d ? Status::refused("device " + std::to_string(d->id) + " is suspended") : no_device(chip_id);
  }
  ++d->datapoints;
  d->bytes += bytes;
  d->last_datapoint_ms = std::max(d->last_datapoint_ms, at_ms);
  ++totals_.datapoints;
  totals_.datapoint_bytes += bytes;
  return Status::done();
}

Status OneNet::suspend(const std::string& chip_id, std::int64_t) {
  OneNetDevice* d = live(chip_id);
  if (!d) return no_device(chip_id);
  if (d->suspended) return Status::refused("device " + std::to_string(d->id) + " is suspended already");
  d->suspended = true;
  ++totals_.suspensions;
  return Status::done();
}

Status OneNet::resume(const std::string& chip_id, std::int64_t) {
  OneNetDevice* d = live(chip_id);
  if (!d) return no_device(chip_id);
  if (!d->suspended) return Status::refused("device " + std::to_string(d->id) + " is not suspended");
  d->suspended = false;
  ++totals_.resumptions;
  return Status::done();
}

Status OneNet::remove(const std::string& chip_id, std::int64_t at_ms) {
  OneNetDevice* d = live(chip_id);
  if (!d) return no_device(chip_id);
  if (!d->identity.imei.empty()) by_imei_.erase(d->identity.imei);
  d->state = OneNetDeviceState::Deleted;
  d->since_ms = at_ms;
  ++totals_.deletions;
  return Status::done();
}

std::uint64_t OneNet::count(OneNetDeviceState s) const {
  return static_cast<std::uint64_t>(
      std::count_if(devices_.begin(), devices_.end(), [s](const OneNetDevice& d) { return d.state == s; }));
}

std::uint64_t OneNet::suspended() const {
  return static_cast<std::uint64_t>(std::count_if(devices_.begin(), devices_.end(), [](const OneNetDevice& d) {
    return d.suspended && d.state != OneNetDeviceState::Deleted;
  }));
}

void OneNet::index() {
  by_chip_.clear();
  by_imei_.clear();
  for (std::size_t i = 0; i < devices_.size(); ++i) {
    by_chip_[devices_[i].identity.chip_id] = i;
    if (devices_[i].state != OneNetDeviceState::Deleted && !devices_[i].identity.imei.empty())
      by_imei_[devices_[i].identity.imei] = i;
  }
}

}  // namespace twinmodels::platform
