#include "twinviz/data/campaign_curves.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <span>

#include "twinanalysis/run_figures.hpp"
#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

namespace {

using twinsim::recorder::read_column;

constexpr const char* kCounts[] = {"released", "delivered", "done", "failed", "retries"};
constexpr std::size_t kCountColumns = std::size(kCounts);

struct WriteCard {
  std::vector<std::array<std::uint64_t, kCountColumns>> last_row_of_bin;
  std::vector<bool> has_bin;
  std::uint64_t released = 0;
  std::vector<std::pair<double, double>> completion;
};

// Calls f(t, campaign, counts) for every row of /campaign_progress.
template <class F>
void read_progress(const RunSource& run, F&& f) {
  twinsim::recorder::Hid g = run.table("campaign_progress");
  std::vector<double> t(kChunkRows);
  std::vector<std::uint16_t> campaign(kChunkRows);
  std::vector<std::vector<std::uint64_t>> counts(kCountColumns, std::vector<std::uint64_t>(kChunkRows));
  for_each_chunk(run.summary().campaign_progress, [&](std::uint64_t first, std::uint64_t n) {
    read_column<double>(g.get(), "t", first, std::span(t.data(), n));
    read_column<std::uint16_t>(g.get(), "campaign", first, std::span(campaign.data(), n));
    for (std::size_t c = 0; c < kCountColumns; ++c)
      read_column<std::uint64_t>(g.get(), kCounts[c], first, std::span(counts[c].data(), n));
    for (std::uint64_t i = 0; i < n; ++i) {
      std::array<std::uint64_t, kCountColumns> row{};
      for (std::size_t c = 0; c < kCountColumns; ++c) row[c] = counts[c][i];
      f(t[i], campaign[i], row);
    }
  });
}

void write_card_curves(const RunSource& run, const TimeBins& bins, std::vector<CampaignCurves>& out) {
  if (run.summary().campaign_progress == 0) return;
  std::map<std::uint16_t, WriteCard> by_campaign;
  // First pass: each bin's last row, and the released orders at the end.
  read_progress(run, [&](double t, std::uint16_t c, const std::array<std::uint64_t, kCountColumns>& row) {
    WriteCard& w = by_campaign[c];
    if (w.last_row_of_bin.empty()) {
      w.last_row_of_bin.resize(bins.count);
      w.has_bin.assign(bins.count, false);
    }
    const std::size_t b = bins.bin(t);
    w.last_row_of_bin[b] = row;
    w.has_bin[b] = true;
    w.released = row[0];
  });
  // Second pass: the first row at which done reached each level.
  constexpr auto kLevels = std::span(twinanalysis::kCompletionLevels);
  for (auto& [c, w] : by_campaign)
    for (double level : kLevels) w.completion.emplace_back(level, std::numeric_limits<double>::quiet_NaN());
  read_progress(run, [&](double t, std::uint16_t c, const std::array<std::uint64_t, kCountColumns>& row) {
    WriteCard& w = by_campaign[c];
    for (auto& [level, when] : w.completion)
      if (w.released > 0 && std::isnan(when) &&
          static_cast<double>(row[2]) >= twinanalysis::completion_target(w.released, level))
        when = t;
  });
  for (auto& [c, w] : by_campaign) {
    CampaignCurves curves{run.campaign_name(c) + " (write card)", {}, w.released, w.completion};
    for (std::size_t k = 0; k < kCountColumns; ++k) {
      Series s{kCounts[k], {}, {}};
      for (std::size_t b = 0; b < bins.count; ++b) {
        if (!w.has_bin[b]) continue;
        s.x.push_back(bins.end_of(b));
        s.y.push_back(static_cast<double>(w.last_row_of_bin[b][k]));
      }
      curves.series.push_back(std::move(s));
    }
    out.push_back(std::move(curves));
  }
}

void platform_campaign_curves(const RunSource& run, const EventOverview& o, std::vector<CampaignCurves>& out) {
  for (const CampaignOutcomes& c : o.campaigns) {
    CampaignCurves curves{run.campaign_name(c.campaign) + " (" + c.platform + ")", {}, 0, {}};
    for (const auto& [outcome, per_bin] : c.per_bin) {
      Series s{outcome, {}, {}};
      double total = 0;
      for (std::size_t b = 0; b < per_bin.size(); ++b) {
        total += static_cast<double>(per_bin[b]);
        s.x.push_back(o.bins.end_of(b));
        s.y.push_back(total);
      }
      curves.series.push_back(std::move(s));
    }
    out.push_back(std::move(curves));
  }
}

}  // namespace

std::vector<CampaignCurves> campaign_curves(const RunSource& run, const EventOverview& overview) {
  std::vector<CampaignCurves> out;
  reading_file([&] { write_card_curves(run, overview.bins, out); });
  platform_campaign_curves(run, overview, out);
  return out;
}

}  // namespace twinviz
