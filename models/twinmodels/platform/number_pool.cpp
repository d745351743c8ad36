#include "twinmodels/platform/number_pool.hpp"

#include <algorithm>
#include <utility>

namespace twinmodels::platform {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t value_of(std::string_view digits) {
  std::uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

std::uint64_t power_of_ten(std::size_t n) {
  std::uint64_t v = 1;
  for (std::size_t i = 0; i < n; ++i) v *= 10;
  return v;
}

// `v` with `width` digits, leading zeros kept (an IMSI's MCC never starts with
// 0, an MSIN may).
std::string with_width(std::uint64_t v, std::size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

}  // namespace

const char* to_string(NumberState s) {
  switch (s) {
    case NumberState::Free: return "Free";
    case NumberState::Allocated: return "Allocated";
    case NumberState::Quarantined: return "Quarantined";
  }
  return "?";
}

Result<NumberPool> NumberPool::create(NumberPoolConfig config) {
  const std::string name = "number pool " + config.id + ": ";
  if (config.id.empty()) return Result<NumberPool>::refused("number pool: no id");
  if (!all_digits(config.first_imsi) || config.first_imsi.size() < 6 || config.first_imsi.size() > 15)
    return Result<NumberPool>::refused(name + "first IMSI '" + config.first_imsi + "' is not 6 to 15 digits");
  if (!all_digits(config.first_msisdn) || config.first_msisdn.size() > 15)
    return Result<NumberPool>::refused(name + "first MSISDN '" + config.first_msisdn + "' is not 1 to 15 digits");
  if (config.size == 0) return Result<NumberPool>::refused(name + "no numbers");
  const std::uint64_t last = config.size - 1;
  if (value_of(config.first_imsi) + last >= power_of_ten(config.first_imsi.size()))
    return Result<NumberPool>::refused(name + "the IMSI block runs past " + std::to_string(config.first_imsi.size()) +
                                       " digits");
  if (value_of(config.first_msisdn) + last >= power_of_ten(config.first_msisdn.size()))
    return Result<NumberPool>::refused(name + "the MSISDN block runs past " +
                                       std::to_string(config.first_msisdn.size()) + " digits");
  return Result<NumberPool>::of(NumberPool(std::move(config)));
}

NumberPool::NumberPool(NumberPoolConfig config)
    : config_(std::move(config)),
      first_imsi_(value_of(config_.first_imsi)),
      first_msisdn_(value_of(config_.first_msisdn)),
      slots_(config_.size) {
  for (std::uint32_t i = 0; i < config_.size; ++i) free_.insert(free_.end(), i);
}

NumberPair NumberPool::numbers_of(std::uint32_t slot) const {
  return {with_width(first_imsi_ + slot, config_.first_imsi.size()),
          with_width(first_msisdn_ + slot, config_.first_msisdn.size())};
}

Result<std::uint32_t> NumberPool::slot_of(std::string_view imsi) const {
  if (!all_digits(imsi) || imsi.size() != config_.first_imsi.size())
    return Result<std::uint32_t>::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) +
                                          " is not in the pool");
  const std::uint64_t v = value_of(imsi);
  if (v < first_imsi_ || v - first_imsi_ >= config_.size)
    return Result<std::uint32_t>::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) +
                                          " is not in the pool");
  return Result<std::uint32_t>::of(static_cast<std::uint32_t>(v - first_imsi_));
}

Result<NumberPair> NumberPool::allocate(const std::string& holder, std::uint64_t /*now_ms*/) {
  if (free_.empty())
    return Result<NumberPair>::refused("number pool " + config_.id + " exhausted: " +
                                       std::to_string(count(NumberState::Allocated)) + " allocated, " +
                                       std::to_string(count(NumberState::Quarantined)) + " in quarantine");
  return Result<NumberPair>::of(take(*free_.begin(), holder));
}

Result<NumberPair> NumberPool::free_number(std::string_view imsi) const {
  const auto slot = slot_of(imsi);
  if (!slot.ok()) return Result<NumberPair>::refused(slot.refusal);
  const Slot& s = slots_[*slot.value];
  if (s.state == NumberState::Allocated)
    return Result<NumberPair>::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) +
                                       " is Allocated to " + s.holder + ", not free");
  if (s.state == NumberState::Quarantined)
    return Result<NumberPair>::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) +
                                       " is in quarantine since " + std::to_string(s.released_ms) +
                                       " ms (last held by " + s.holder + "), not free");
  return Result<NumberPair>::of(numbers_of(*slot.value));
}

Result<NumberPair> NumberPool::allocate_number(std::string_view imsi, const std::string& holder,
                                               std::uint64_t /*now_ms*/) {
  if (auto free = free_number(imsi); !free.ok()) return free;
  return Result<NumberPair>::of(take(*slot_of(imsi).value, holder));
}

NumberPair NumberPool::take(std::uint32_t slot, const std::string& holder) {
  free_.erase(slot);
  slots_[slot] = {NumberState::Allocated, holder, 0};
  return numbers_of(slot);
}

Status NumberPool::release(std::string_view imsi, std::uint64_t now_ms) {
  const auto slot = slot_of(imsi);
  if (!slot.ok()) return Status::refused(slot.refusal);
  Slot& s = slots_[*slot.value];
  if (s.state != NumberState::Allocated)
    return Status::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) + " is " +
                           to_string(s.state) + ", not allocated");
  s.state = NumberState::Quarantined;
  s.released_ms = now_ms;
  return Status::done();
}

Status NumberPool::hand_over(std::string_view imsi, const std::string& from, const std::string& to) {
  const auto slot = slot_of(imsi);
  if (!slot.ok()) return Status::refused(slot.refusal);
  Slot& s = slots_[*slot.value];
  if (s.state != NumberState::Allocated || s.holder != from)
    return Status::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) + " is not allocated to " + from);
  s.holder = to;
  return Status::done();
}

Status NumberPool::can_recycle(std::string_view imsi, std::uint64_t now_ms) const {
  const auto slot = slot_of(imsi);
  if (!slot.ok()) return Status::refused(slot.refusal);
  const Slot& s = slots_[*slot.value];
  if (s.state != NumberState::Quarantined)
    return Status::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) + " is " +
                           to_string(s.state) + ", not in quarantine");
  const std::uint64_t ends = s.released_ms + config_.quarantine_ms;
  if (now_ms < ends)
    return Status::refused("number pool " + config_.id + ": IMSI " + std::string(imsi) +
                           " is in quarantine until " + std::to_string(ends) + " ms");
  return Status::done();
}

Status NumberPool::recycle(std::string_view imsi, std::uint64_t now_ms) {
  if (Status s = can_recycle(imsi, now_ms); !s.ok()) return s;
  const std::uint32_t slot = *slot_of(imsi).value;
  slots_[slot] = Slot{};
  free_.insert(slot);
  return Status::done();
}

Result<NumberState> NumberPool::state_of(std::string_view imsi) const {
  const auto slot = slot_of(imsi);
  if (!slot.ok()) return Result<NumberState>::refused(slot.refusal);
  return Result<NumberState>::of(slots_[*slot.value].state);
}

std::string NumberPool::holder_of(std::string_view imsi) const {
  const auto slot = slot_of(imsi);
  return slot.ok() ? slots_[*slot.value].holder : std::string();
}

std::uint32_t NumberPool::count(NumberState s) const {
  return static_cast<std::uint32_t>(
      std::count_if(slots_.begin(), slots_.end(), [s](const Slot& x) { return x.state == s; }));
}

}  // namespace twinmodels::platform
