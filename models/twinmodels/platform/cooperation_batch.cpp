// Several cards in one cooperation order (cooperation_batch.hpp).
#include "twinmodels/platform/cooperation_batch.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

const char* to_string(BatchCardState s) {
  switch (s) {
    case BatchCardState::Running: return "running";
    case BatchCardState::Done: return "done";
    case BatchCardState::Failed: return "failed";
    case BatchCardState::Refused: return "refused";
  }
  return "?";
}

const char* to_string(BatchState s) {
  switch (s) {
    case BatchState::Running: return "running";
    case BatchState::Done: return "done";
    case BatchState::Partial: return "partial";
    case BatchState::Failed: return "failed";
  }
  return "?";
}

CooperationBatch::CooperationBatch(FlowPlatforms platforms, const ExportPlan& plan, std::vector<FlowOrder> orders)
    : platforms_(platforms) {
  if (orders.empty()) throw std::invalid_argument("cooperation batch: an order of no card");
  cards_.reserve(orders.size());
  for (FlowOrder& o : orders) {
    Card c;
    c.card_iccid = o.card_iccid;
    const bool twice = std::any_of(cards_.begin(), cards_.end(),
                                   [&](const Card& other) { return other.card_iccid == o.card_iccid; });
    if (twice) {
      c.refusal = "the card '" + o.card_iccid + "' is in the order already";
    } else {
      try {
        c.flow = std::make_unique<CooperationFlow>(platforms, plan, std::move(o));
        c.routed = std::make_unique<CooperationFlow::Routed>();
        c.flow->routed_ = c.routed.get();
      } catch (const std::invalid_argument& e) {
        c.refusal = e.what();
      }
    }
    cards_.push_back(std::move(c));
  }
}

bool CooperationBatch::route() {
  bool handed = false;
  const auto running = [](const Card& c) { return c.flow && !c.flow->finished(); };
  for (auto& [id, sr] : platforms_.smsrs) {
    if (!sr) continue;
    for (FunctionResult& r : sr->take_results()) {
      const auto it = std::find_if(cards_.begin(), cards_.end(), [&](const Card& c) {
        const FlowCall* f = running(c) ? c.flow->call_in_flight() : nullptr;
        return f && f->call.call_id == r.call_id;
      });
      if (it == cards_.end()) {
        others_.push_back(std::move(r));
        continue;
      }
      it->routed->smsr.push_back(std::move(r));
      handed = true;
    }
  }
  for (auto& [id, dp] : platforms_.smdps) {
    if (!dp) continue;
    for (FunctionResult& r : dp->take_results()) {
      const auto it = std::find_if(cards_.begin(), cards_.end(), [&](const Card& c) {
        return running(c) && !r.call_id.empty() && c.flow->download_request() == r.call_id;
      });
      if (it == cards_.end()) {
        others_.push_back(std::move(r));
        continue;
      }
      it->routed->smdp.push_back(std::move(r));
      handed = true;
    }
    while (std::optional<Es3Call> call = dp->next()) {
      const auto it = std::find_if(cards_.begin(), cards_.end(),
                                   [&](const Card& c) { return running(c) && c.flow->eid() == call->call.eid; });
      if (it == cards_.end())
        throw std::logic_error("SM-DP '" + id + "' calls for eUICC '" + call->call.eid + "', of no card of the batch");
      it->routed->es3.push_back(std::move(*call));
      handed = true;
    }
  }
  return handed;
}

void CooperationBatch::poll(std::int64_t now_ms) {
  // What a card's step gives at once (an SM-DP's refusal, its first ES3
  // call) goes to it in the same poll, as a lone flow takes it.
  route();
  do {
    for (Card& c : cards_) {
      if (c.flow && !c.flow->finished()) c.flow->poll(now_ms);
    }
  } while (route());
}

bool CooperationBatch::finished() const {
  return std::none_of(cards_.begin(), cards_.end(), [](const Card& c) { return c.flow && !c.flow->finished(); });
}

BatchCardState CooperationBatch::card_state(std::size_t i) const {
  const Card& c = cards_.at(i);
  if (!c.flow) return BatchCardState::Refused;
  switch (c.flow->state()) {
    case FlowState::Running: return BatchCardState::Running;
    case FlowState::Done: return BatchCardState::Done;
    case FlowState::Failed: return BatchCardState::Failed;
  }
  return BatchCardState::Failed;
}

std::string CooperationBatch::phase(std::size_t i) const {
  const Card& c = cards_.at(i);
  return c.flow ? c.flow->phase() : "refused";
}

std::size_t CooperationBatch::count(BatchCardState s) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < cards_.size(); ++i) n += card_state(i) == s;
  return n;
}

BatchState CooperationBatch::state() const {
  if (!finished()) return BatchState::Running;
  const std::size_t done = count(BatchCardState::Done);
  if (done == cards_.size()) return BatchState::Done;
  return done == 0 ? BatchState::Failed : BatchState::Partial;
}

std::vector<FunctionResult> CooperationBatch::take_other_results() {
  for (Card& c : cards_) {
    if (!c.flow) continue;
    for (FunctionResult& r : c.flow->take_other_results()) others_.push_back(std::move(r));
  }
  return std::exchange(others_, {});
}

}  // namespace twinmodels::platform
