#pragma once
// The world's devices, by device index: every device of the run, or, on a
// sharded run's rank (docs/SCALING.md), only those it holds — the others
// are known by their index alone and take 4 bytes each here. Nothing may
// look at a device its process does not hold.
#include <cassert>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "twinsim/engine/device.hpp"
#include "twinsim/engine/huge_page_allocator.hpp"

namespace twinsim {

class DeviceTable {
 public:
  void reserve(std::size_t held) { devices_.reserve(held); }
  // The next device, held here.
  Device& emplace_back(std::shared_ptr<const cardcore::ProfileTemplate> profile) {
    if (!slot_.empty()) slot_.push_back(static_cast<std::uint32_t>(devices_.size()));
    ++count_;
    return devices_.emplace_back(std::move(profile));
  }
  // The next device, held by another process.
  void skip() {
    if (slot_.empty())
      for (std::uint32_t d = 0; d < devices_.size(); ++d) slot_.push_back(d);
    slot_.push_back(kNotHeld);
    ++count_;
  }
  // Every device of the run, held here or not.
  std::size_t size() const { return count_; }
  bool holds(std::size_t d) const { return slot_.empty() ? d < devices_.size() : slot_[d] != kNotHeld; }
  Device& operator[](std::size_t d) {
    assert(holds(d));
    return slot_.empty() ? devices_[d] : devices_[slot_[d]];
  }
  const Device& operator[](std::size_t d) const {
    assert(holds(d));
    return slot_.empty() ? devices_[d] : devices_[slot_[d]];
  }

 private:
  static constexpr std::uint32_t kNotHeld = std::numeric_limits<std::uint32_t>::max();
  std::vector<Device, HugePageAllocator<Device>> devices_;
  std::vector<std::uint32_t> slot_;  // by device, its place in devices_; empty: every device, in order
  std::size_t count_ = 0;
};

}  // namespace twinsim
