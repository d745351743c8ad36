#pragma once
// The write module's messages on their way to and from the SMSC, when the
// two sit apart (platforms.write_module.node, platform_routes.hpp): a
// packet the module submits (SMPP submit_sm) reaches the SMSC `latency`
// after the module sent it, and the SMSC stores it then; the PoR the SMSC
// reads from a device's SMS-DELIVER-REPORT (TS 31.115 §4.3) and the SMSC's
// final report of a message reach the module `latency` after the SMSC had
// them. The module (twinmodels::ota::WriteModule) takes each at its
// arrival. On the SimGrid links of the route (use_links(),
// platform_links.hpp) each takes its batch's transfer time instead of the
// latency. When the two sit at one node the engine hands them over at once
// and makes no link.
#include <cstdint>
#include <map>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/write_module.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/platform_links.hpp"

namespace twinsim {

class WriteModuleLink {
 public:
  // `orders`: the module's order count (for a checkpoint's checks).
  WriteModuleLink(SimTime latency, std::uint32_t orders) : latency_(latency), orders_(orders) {}

  SimTime latency() const { return latency_; }
  // From now on on the links: each packet to the SMSC, each PoR and
  // report back.
  void use_links(const SmppLinks& smpp) { smpp_ = smpp; }
  // A packet the module submitted at ws.at, on its way to the SMSC.
  void send(const twinmodels::ota::WriteSubmission& ws);
  // The packets at the SMSC by t, in the order they arrive, each with `at`
  // its arrival.
  std::vector<twinmodels::ota::WriteSubmission> take_arrived(SimTime t);
  // The PoR of `order`'s attempt (its result, or kPorUnreadable) and the
  // SMSC's final report of its message, at the SMSC at t.
  void por(SimTime t, std::uint32_t order, int result);
  void final_report(SimTime t, std::uint32_t order);
  // Hands `module` what reached it by t, each at its arrival (or at the
  // module's last time, if later: its times never go back), then polls it
  // to t.
  void catch_up(SimTime t, twinmodels::ota::WriteModule& module);
  // When the next message arrives at either end; kNever for none.
  SimTime next_wakeup() const;
  // Messages on their way (for tests).
  std::size_t in_flight() const { return outbox_.size() + inbox_.size(); }

  // Checkpoints: the messages on their way ("WMLK" 1,
  // write_module_link.cpp). restore_state() throws std::invalid_argument
  // ("write module link state: ...") for malformed input, leaving it
  // unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  // From the SMSC to the module: a PoR (result) or a final report.
  struct Report {
    std::uint32_t order = 0;
    bool final = false;
    std::int16_t result = 0;  // a PoR's
  };
  // A report from the SMSC at t: on its way until `latency` later.
  void report(SimTime t, const Report& r);

  SimTime latency_ = 0;
  SmppLinks smpp_;  // no links: the latency
  std::uint32_t orders_ = 0;
  SimTime last_ = 0;  // the last time the module was given
  std::multimap<SimTime, twinmodels::ota::WriteSubmission> outbox_;  // by arrival at the SMSC, in the order sent
  std::multimap<SimTime, Report> inbox_;                              // by arrival at the module, in the order sent
};

}  // namespace twinsim
