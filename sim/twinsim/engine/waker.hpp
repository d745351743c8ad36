#pragma once
// An actor's sleep that another actor can cut short: the multiplexers and
// the SMSC actor of a run with MT SMS hand each other work for times earlier
// than the receiver's planned wake-up (an SMS for a device, the outcome of
// a delivery). sleep_until() waits on a SimGrid condition variable until
// the time or a poke() for an earlier time; it reaches the time exactly as
// sleep_until_exact() does (sleep_exact.hpp).
#include <limits>
#include <mutex>

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Mutex.hpp>

namespace twinsim {

class Waker {
 public:
  Waker() : mutex_(simgrid::s4u::Mutex::create()), cv_(simgrid::s4u::ConditionVariable::create()) {}

  // Sleeps until simulated time t or an earlier poke(); returns true when
  // poked.
  bool sleep_until(double t) {
    namespace sg4 = simgrid::s4u;
    // Planned before the first simcall: taking the mutex may let other
    // actors run, and a poke() meanwhile must not be lost (it then only
    // sets poked_, and the loop below does not wait).
    planned_ = t;
    poked_ = false;
    std::unique_lock lock(*mutex_);
    for (double now = sg4::Engine::get_clock(); !poked_ && now < t; now = sg4::Engine::get_clock()) {
      // From further back than t/2, one stop at 3t/4 keeps t - now exact.
      try {
        cv_->wait_until(lock, now > 0 && now < t / 2 ? t * 0.75 : t);
      } catch (const simgrid::ForcefulKillException&) {
        drop(lock);
        throw;
      }
    }
    // Unlocked here, not by the lock's destructor: an actor killed at this
    // point (the run's end stops the daemons, a checkpoint restarts the
    // actors) gets the kill from the unlock's simcall.
    try {
      lock.unlock();
    } catch (const simgrid::ForcefulKillException&) {
      drop(lock);
      throw;
    }
    planned_ = kIdle;
    return poked_;
  }
  // Wakes the sleeper now if it planned to sleep past t.
  void poke(double t) {
    if (t >= planned_) return;
    poked_ = true;
    cv_->notify_all();
  }

 private:
  // A dying actor can make no more simcalls: the lock is let go of without
  // unlocking (nobody waits on this waker's mutex again).
  static void drop(std::unique_lock<simgrid::s4u::Mutex>& lock) { lock.release(); }

  static constexpr double kIdle = -std::numeric_limits<double>::infinity();  // not sleeping: nothing to cut short
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr cv_;
  double planned_ = kIdle;
  bool poked_ = false;
};

}  // namespace twinsim
