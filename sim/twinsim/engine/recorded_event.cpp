#include "twinsim/engine/recorded_event.hpp"

#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

void EventSink::add(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) const {
  if (shard) {
    shard->push_back({t, device, kind, value});
    return;
  }
  out->add_event(t, device, kind, value);
}

}  // namespace twinsim
