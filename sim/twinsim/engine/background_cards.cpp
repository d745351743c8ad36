#include "twinsim/engine/background_cards.hpp"

#include <algorithm>
#include <utility>

namespace twinsim {

BackgroundCards::BackgroundCards(std::vector<std::uint32_t> devices, std::size_t device_count,
                                 std::function<double(std::uint32_t)> first_use,
                                 std::function<void(std::uint32_t)> make)
    : devices_(std::move(devices)),
      state_(std::make_unique<std::atomic<std::uint8_t>[]>(device_count)),
      first_use_(std::move(first_use)),
      make_(std::move(make)) {
  // The devices not listed have nothing to wait for.
  for (std::size_t d = 0; d < device_count; ++d) state_[d].store(kMade, std::memory_order_relaxed);
  for (std::uint32_t d : devices_) state_[d].store(kPending, std::memory_order_relaxed);
  thread_ = std::thread([this] { work(); });
}

BackgroundCards::~BackgroundCards() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

bool BackgroundCards::claim_and_make(std::uint32_t d) {
  std::uint8_t pending = kPending;
  if (!state_[d].compare_exchange_strong(pending, kMaking, std::memory_order_acquire)) return false;
  try {
    make_(d);
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
    state_[d].store(kFailed, std::memory_order_release);
    return true;
  }
  state_[d].store(kMade, std::memory_order_release);
  return true;
}

void BackgroundCards::make_now(std::uint32_t d) {
  if (claim_and_make(d)) {
    ++made_by_run_;
  } else {
    while (state_[d].load(std::memory_order_acquire) == kMaking) std::this_thread::yield();
  }
  if (state_[d].load(std::memory_order_acquire) == kFailed) {
    std::lock_guard<std::mutex> lock(error_mutex_);
    std::rethrow_exception(error_);
  }
}

void BackgroundCards::work() {
  // Earliest first power-up first; equal times by device number.
  std::vector<std::pair<double, std::uint32_t>> order;
  order.reserve(devices_.size());
  for (std::uint32_t d : devices_) order.emplace_back(first_use_(d), d);
  std::sort(order.begin(), order.end());
  for (const auto& [t, d] : order) {
    if (stop_.load(std::memory_order_relaxed)) return;
    claim_and_make(d);
  }
}

void BackgroundCards::finish() {
  for (std::uint32_t d : devices_) make_now(d);
  if (thread_.joinable()) thread_.join();
}

}  // namespace twinsim
