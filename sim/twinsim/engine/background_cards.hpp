#pragma once
// Cards personalized beside the run instead of before it: a thread makes
// them in the order their devices first power up, while the multiplexers
// start on the first ones. Each card is made once, by the thread or, when
// the run needs it first, by the run itself; card-core's personalization is
// a pure function of the device, so the cards (and the run file) are what
// personalizing them all up front gives. docs/ARCHITECTURE.md, "Start".
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace twinsim {

class BackgroundCards {
 public:
  // `devices`: the cards to make, by device number below `device_count`;
  // `first_use(d)`: when device d first powers up (the order they are made
  // in: earliest first, then by number); `make(d)`: personalizes device d's
  // card (may throw). The thread starts here.
  BackgroundCards(std::vector<std::uint32_t> devices, std::size_t device_count,
                  std::function<double(std::uint32_t)> first_use, std::function<void(std::uint32_t)> make);
  // Stops the thread (the cards not made yet stay blank) and joins it.
  ~BackgroundCards();
  BackgroundCards(const BackgroundCards&) = delete;
  BackgroundCards& operator=(const BackgroundCards&) = delete;

  // Before device d's card is used: made now, unless the thread has made it
  // or is making it (then waits for it). Rethrows the error of making it.
  void ready(std::uint32_t d) {
    if (state_[d].load(std::memory_order_acquire) != kMade) make_now(d);
  }
  // Whether device d's card is made: a read of it now is no race.
  bool made(std::uint32_t d) const { return state_[d].load(std::memory_order_acquire) == kMade; }
  // Every card made (the rest here, with the thread): before anything reads
  // all the cards (a checkpoint, the device table). Rethrows the first error.
  void finish();
  // Cards the run made itself because it needed them before the thread got
  // to them.
  std::uint64_t made_by_run() const { return made_by_run_; }

 private:
  static constexpr std::uint8_t kPending = 0;
  static constexpr std::uint8_t kMaking = 1;
  static constexpr std::uint8_t kMade = 2;
  static constexpr std::uint8_t kFailed = 3;
  // Claims a pending card and makes it; else waits while another makes it.
  // Then rethrows the error of making it, if any.
  void make_now(std::uint32_t d);
  bool claim_and_make(std::uint32_t d);  // false: not pending
  void work();

  const std::vector<std::uint32_t> devices_;
  std::unique_ptr<std::atomic<std::uint8_t>[]> state_;  // by device
  std::function<double(std::uint32_t)> first_use_;
  std::function<void(std::uint32_t)> make_;
  std::atomic<bool> stop_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;  // the first card that could not be made
  std::uint64_t made_by_run_ = 0;
  std::thread thread_;
};

}  // namespace twinsim
