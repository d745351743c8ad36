#pragma once
// Work on independent items spread over the machine's cores: f(i) for every
// i in [0, n), the items split into one contiguous share a thread. For work
// whose outcome does not depend on the order (each item its own: a card's
// personalization), so a run is the same whatever the cores. An exception
// thrown by f is rethrown once every thread is done: the one of the lowest
// share that threw, so the error is the same whatever the timing.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace twinsim {

template <class F>
void parallel_for(std::size_t n, F f) {
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  const std::size_t shares = std::min(threads, n);
  if (shares <= 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::vector<std::exception_ptr> errors(shares);
  auto run = [&](std::size_t s) {
    try {
      for (std::size_t i = n * s / shares; i < n * (s + 1) / shares; ++i) f(i);
    } catch (...) {
      errors[s] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t s = 1; s < shares; ++s) pool.emplace_back(run, s);
  run(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace twinsim
