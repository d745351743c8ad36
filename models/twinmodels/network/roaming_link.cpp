#include "twinmodels/network/roaming_link.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "twinmodels/random/random_stream.hpp"

namespace twinmodels {

namespace {

bool probability(double p) { return std::isfinite(p) && p >= 0 && p <= 1; }

}  // namespace

RoamingLinks::RoamingLinks(std::uint64_t seed, std::vector<RoamingLinkConfig> links)
    : seed_(seed), links_(std::move(links)) {
  if (links_.size() > 65536) throw std::invalid_argument("RoamingLinks: at most 65536 links");
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const RoamingLinkConfig& c = links_[i];
    const std::string which = "RoamingLinks: link " + std::to_string(i) + ": ";
    if (c.latency < 0 || c.jitter < 0) throw std::invalid_argument(which + "negative latency or jitter");
    if (!probability(c.loss) || !probability(c.burst_probability) || !probability(c.burst_loss))
      throw std::invalid_argument(which + "a probability outside [0, 1]");
    if (c.burst_slot <= 0) throw std::invalid_argument(which + "burst slot must be positive");
  }
}

bool RoamingLinks::bad_period(std::uint16_t link, NetTime t) const {
  const RoamingLinkConfig& c = links_.at(link);
  if (c.burst_probability == 0 || t < 0) return false;
  const std::uint64_t slot = static_cast<std::uint64_t>(t / c.burst_slot);
  RandomStream s = RandomStream::at(seed_, kRoamingLinkEntity + link, kRoamingLinkStream | link,
                                    RandomStream::kWordsPerBlock * slot);
  return s.uniform01() < c.burst_probability;
}

Transit RoamingLinks::transit(std::uint16_t link, std::uint64_t device, std::uint64_t n, NetTime t) const {
  const RoamingLinkConfig& c = links_.at(link);
  // One Philox block per message: words 0-1 the loss draw, 2-3 the jitter.
  RandomStream s = RandomStream::at(seed_, device, kRoamingLinkStream | link, RandomStream::kWordsPerBlock * n);
  const double u = s.uniform01();
  const NetTime jitter = c.jitter == 0 ? 0 : static_cast<NetTime>(s.below(static_cast<std::uint64_t>(c.jitter) + 1));
  const double p = bad_period(link, t) ? c.burst_loss : c.loss;
  return {u < p, c.latency + jitter};
}

}  // namespace twinmodels
