#pragma once
// What a multiplexer's wake-up does with its devices, whichever engine runs
// it (multiplexer.cpp, shard/device_shard.cpp): an answer goes to its
// device's cycle, the modem's or the USIM's; the steps due by now run in
// the queue's order. Both give the processor cache hints for the devices
// they handle next (device.hpp).
#include "twinsim/engine/device_cycle.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/modem_cycle.hpp"

namespace twinsim {

// A batch of answers in its order, with cache hints for the devices a few
// answers on (their record four ahead, their card two ahead).
inline void hand_answers(ModemCycle* modem, DeviceCycle& cycle, const AnswerBatch& answers, SimTime now) {
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i + 4 < answers.size()) cycle.prefetch_device(answers[i + 4].device);
    if (i + 2 < answers.size()) cycle.prefetch_card(answers[i + 2].device);
    const HssAnswer& a = answers[i];
    if (modem && modem->runs(a.device))
      modem->on_answer(a, now);
    else
      cycle.on_answer(a, now);
  }
}

// Cache hints: the records of the steps that may follow when one leaves
// the queue; the next step's card once this step has run (its record has
// arrived by then). Most wake-ups run one or two steps, so the card of the
// next wake-up's first step is hinted before the other multiplexers and the
// HSS run, not just before its step (about 3 % of the run's time,
// docs/PERFORMANCE.md).
inline void run_due_steps(EventQueue& queue, ModemCycle* modem, DeviceCycle& cycle, SimTime now) {
  while (!queue.empty() && queue.top().t <= now) {
    const Event e = queue.pop();
    if (!queue.empty()) {
      cycle.prefetch_device(queue.top().device);
      queue.for_each_after_top([&](const Event& n) { cycle.prefetch_device(n.device); });
    }
    if (modem && modem->runs(e.device))
      modem->on_step(e, e.t);
    else
      cycle.on_step(e, e.t);
    if (!queue.empty()) cycle.prefetch_card(queue.top().device);
  }
}

}  // namespace twinsim
