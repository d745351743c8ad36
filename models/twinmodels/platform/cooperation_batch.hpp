#pragma once
// Several cards in one cooperation order: a foreign operator's (or China
// Mobile's) order for a batch of its fleet customer's eUICCs, carried out
// on one plan (cooperation.hpp) by a flow per card (cooperation_flow.hpp).
// SGP.02 has no batch function: each card gets its own calls — OneLink's
// requests, the SM-SR change's ES4 and ES7 calls, the ES2.DownloadProfile
// order and its ES3 calls, ES4.EnableProfile, the chip management steps —
// and the cards' flows run side by side, each a step further at every
// poll(), in the order's order.
//
// The batch takes the platforms' results and the SM-DP's ES3 calls and
// hands each to its card's flow: an SM-SR's result to the flow whose call
// it answers (by call identifier), an SM-DP's ES2 result to the flow whose
// OneLink request it ends, an ES3 call to the flow of its eUICC. Results
// for calls of no card of the batch are other parties'
// (take_other_results()).
//
// Each card's fate is its own:
//   - a card the order names wrongly (OneLink lists no such card, no EID,
//     twice in the order: CooperationFlow's constructor's checks) is
//     Refused with the reason, and the others go on; a plan the runner
//     cannot carry out refuses every card;
//   - a card whose flow fails (a step refused or failed: the platforms'
//     error management, CooperationFlow) is Failed at its phase, with the
//     failed step and result; the others go on;
//   - a card whose flow ends Done is Done.
// The batch is finished when no card's flow runs; its end state: Done when
// every card is Done, Failed when none is, Partial otherwise (some Done,
// the rest Failed or Refused).
//
// Driven like a flow: poll(), carry every SM-SR's SMS to the devices (and
// their reports back), poll again, until finished().
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "twinmodels/platform/cooperation_flow.hpp"

namespace twinmodels::platform {

enum class BatchCardState : std::uint8_t { Running, Done, Failed, Refused };
enum class BatchState : std::uint8_t { Running, Done, Partial, Failed };

const char* to_string(BatchCardState s);
const char* to_string(BatchState s);

class CooperationBatch {
 public:
  // One flow per order, each order's card once; the platforms serve the
  // batch's cards (an ES3 call for an eUICC of no card of the batch throws
  // std::logic_error at poll()).
  CooperationBatch(FlowPlatforms platforms, const ExportPlan& plan, std::vector<FlowOrder> orders);
  CooperationBatch(const CooperationBatch&) = delete;  // the flows point into routed_
  CooperationBatch& operator=(const CooperationBatch&) = delete;

  void poll(std::int64_t now_ms);
  bool finished() const;
  BatchState state() const;

  std::size_t size() const { return cards_.size(); }
  BatchCardState card_state(std::size_t i) const;
  // The card's phase (CooperationFlow::phase()); "refused" for a card
  // refused at the order.
  std::string phase(std::size_t i) const;
  // The card's flow; null for a refused card.
  CooperationFlow* flow(std::size_t i) { return cards_.at(i).flow.get(); }
  const CooperationFlow* flow(std::size_t i) const { return cards_.at(i).flow.get(); }
  // Why the card was refused at the order (empty otherwise).
  const std::string& refusal(std::size_t i) const { return cards_.at(i).refusal; }
  const std::string& card_iccid(std::size_t i) const { return cards_.at(i).card_iccid; }
  std::size_t count(BatchCardState s) const;
  std::vector<FunctionResult> take_other_results();

 private:
  struct Card {
    std::string card_iccid;
    std::unique_ptr<CooperationFlow> flow;
    std::unique_ptr<CooperationFlow::Routed> routed;
    std::string refusal;
  };
  // Hands the platforms' results and ES3 calls to the cards; true when it
  // handed any.
  bool route();

  FlowPlatforms platforms_;
  std::vector<Card> cards_;
  std::vector<FunctionResult> others_;
};

}  // namespace twinmodels::platform
