#include "twinsim/engine/campaign_progress.hpp"

#include <algorithm>

#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace {

// Bin k holds (k * kBin, (k + 1) * kBin]; bin 0 holds time 0 too: a row at
// the end of a bin counts everything up to that time.
std::size_t bin_of(SimTime t) { return t <= 0 ? 0 : static_cast<std::size_t>((t - 1) / CampaignProgress::kBin); }

}  // namespace

CampaignProgress::CampaignProgress(const std::vector<bool>& write_card, SimTime stop)
    : slot_(write_card.size(), -1), first_bin_(bin_of(stop)), stop_(stop) {
  for (std::size_t c = 0; c < write_card.size(); ++c) {
    if (!write_card[c]) continue;
    slot_[c] = static_cast<int>(campaign_.size());
    campaign_.push_back(static_cast<std::uint16_t>(c));
  }
  added_.assign(campaign_.size(), std::vector<Counts>(bin_of(stop) + 1, Counts{}));
  seen_.assign(campaign_.size(), false);
}

void CampaignProgress::count(std::uint16_t campaign, SimTime t, Column column) {
  if (campaign >= slot_.size() || slot_[campaign] < 0) return;
  const auto s = static_cast<std::size_t>(slot_[campaign]);
  const std::size_t bin = std::min(bin_of(t), added_[s].size() - 1);
  ++added_[s][bin][column];
  seen_[s] = true;
  first_bin_ = std::min(first_bin_, bin);
}

void CampaignProgress::write(RunFile& out) const {
  std::vector<Counts> total(campaign_.size(), Counts{});
  const std::size_t last = bin_of(stop_);
  for (std::size_t bin = first_bin_; bin <= last; ++bin) {
    const SimTime end = std::min(stop_, static_cast<SimTime>(bin + 1) * kBin);
    for (std::size_t s = 0; s < campaign_.size(); ++s) {
      if (!seen_[s]) continue;
      for (std::size_t k = 0; k < kColumns; ++k) total[s][k] += added_[s][bin][k];
      const Counts& c = total[s];
      out.add_campaign_progress({to_seconds(end), campaign_[s], c[Released], c[Attempts], c[Delivered], c[Expired], c[SmsFailed],
                                 c[Retries], c[Done], c[Failed]});
    }
  }
}

}  // namespace twinsim
