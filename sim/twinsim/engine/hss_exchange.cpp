#include "twinsim/engine/hss_exchange.hpp"

#include <algorithm>
#include <limits>

namespace twinsim {

HssExchange::HssExchange(World& world)
    : world_(world),
      service_(world),
      answers_(static_cast<std::size_t>(world.scenario.engine.multiplexers)),
      link_taken_(world.network.topology.link_count()) {}

double HssExchange::carry(std::uint8_t mux, bool to_hss, double now, double bytes) {
  const auto& topology = world_.network.topology;
  const std::vector<std::size_t>& links = world_.network.mux_links.at(mux);
  double ready = now;    // when it may start on the next link
  double through = now;  // when its last byte has crossed the links so far
  double latency = 0;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const std::size_t l = links[to_hss ? i : links.size() - 1 - i];
    // The bandwidth when it reaches the link: a link fault's change later
    // does not touch a message already under way.
    const double crossing = bytes / world_.faults.link_bandwidth(static_cast<int>(l), ready);
    // Its last byte leaves this link no sooner than the link before: after
    // a slower link, a faster one is taken at the end of the crossing.
    ready = take_link(l, now, std::max(ready, through - crossing), crossing);
    through = ready + crossing;
    latency += topology.link(l).latency_s;
  }
  return through + latency;
}

double HssExchange::take_link(std::size_t l, double now, double from, double crossing) {
  std::map<double, double>& taken = link_taken_[l];
  // Messages are put on their links in time order: what ended by now
  // holds up nothing more.
  while (!taken.empty() && taken.begin()->second <= now) taken.erase(taken.begin());
  double start = from;
  auto next = taken.upper_bound(start);
  if (next != taken.begin() && std::prev(next)->second > start) start = std::prev(next)->second;
  for (; next != taken.end() && next->first < start + crossing; ++next) start = std::max(start, next->second);
  if (crossing > 0) taken.emplace(start, start + crossing);
  return start;
}

void HssExchange::send(std::uint8_t mux, double now, RequestBatch batch) {
  const auto pos = std::upper_bound(sent_batches_.begin(), sent_batches_.end(), std::pair{now, mux},
                                    [](const std::pair<double, std::uint8_t>& k, const Sent& s) {
                                      return k.first != s.t ? k.first < s.t : k.second < s.mux;
                                    });
  sent_batches_.insert(pos, Sent{now, mux, std::move(batch)});
  ++world_.messages_in_network;
}

void HssExchange::send_replies(double now) {
  const double bytes_per_answer = world_.scenario.network.request_bytes;
  std::vector<AnswerBatch>& replies = service_.replies();
  for (std::size_t m = 0; m < replies.size(); ++m) {
    if (replies[m].empty()) continue;
    const double bytes = bytes_per_answer * static_cast<double>(HssService::answers_with_bytes(replies[m]));
    const double at = carry(static_cast<std::uint8_t>(m), false, now, bytes);
    auto& queue = answers_[m];
    const auto pos = std::upper_bound(queue.begin(), queue.end(), at,
                                      [](double t, const std::pair<double, AnswerBatch>& x) { return t < x.first; });
    queue.insert(pos, {at, std::move(replies[m])});
    replies[m] = {};
    ++world_.messages_in_network;
  }
}

// The HSS's loop at `now`, as its actor runs it (hss_server.cpp): what
// arrived is taken, and a round starts when it is free and requests wait.
void HssExchange::wake(double now) {
  service_.wake(now);
  while (!arrivals_.empty() && arrivals_.front().t <= now) {
    std::pop_heap(arrivals_.begin(), arrivals_.end(), arrives_after);
    Arrival a = std::move(arrivals_.back());
    arrivals_.pop_back();
    --world_.messages_in_network;
    service_.accept(a.t, a.batch, now);
  }
  service_.after_arrivals(now);
  send_replies(now);  // rejections go out at once
  const double length = service_.start_round(now);
  if (length < 0) return;
  round_started_ = now;
  round_ends_ = now + length;
}

void HssExchange::advance_to(double t) {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  for (;;) {
    // The HSS's next step: its round's end, or when idle the next arrival.
    const double step = world_.hss_busy ? round_ends_ : arrivals_.empty() ? kNever : arrivals_.front().t;
    const double sent = sent_batches_.empty() ? kNever : sent_batches_.front().t;
    if (step <= t && step <= sent) {
      if (world_.hss_busy) {
        service_.end_round(round_started_, round_ends_);
        send_replies(round_ends_);
      }
      wake(step);
    } else if (sent < t) {
      // Those sent at t itself wait: another multiplexer may still send at t.
      Sent& s = sent_batches_.front();
      const double bytes = world_.scenario.network.request_bytes * static_cast<double>(s.batch.size());
      arrivals_.push_back({carry(s.mux, true, s.t, bytes), sent_++, std::move(s.batch)});
      std::push_heap(arrivals_.begin(), arrivals_.end(), arrives_after);
      sent_batches_.pop_front();
    } else {
      return;
    }
  }
}

AnswerBatch HssExchange::take(std::uint8_t mux, double t) {
  AnswerBatch out;
  take_each(mux, t, [&out](double, AnswerBatch&& batch) { out.insert(out.end(), batch.begin(), batch.end()); });
  return out;
}

bool HssExchange::busy() const { return world_.messages_in_network != 0 || world_.hss_busy; }

void HssExchange::restart(double now) {
  if (!world_.hss_busy && !world_.hss_fifo.empty()) wake(now);
}

}  // namespace twinsim
