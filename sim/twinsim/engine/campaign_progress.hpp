#pragma once
// The completion table of the write-card campaigns (/campaign_progress,
// docs/RUN-FILE.md): for each campaign, minute by minute, how many of its
// orders reached the write module, how many of its packets entered the SMSC, how many of those messages the SMSC delivered,
// let expire (TS 23.040 §9.2.3.12) or failed, and how many of its orders
// the write module retried, closed done or gave up (docs/WRITE-CARD.md,
// "The write module"), and how many it had been handed, each count
// cumulative from the run file's first row.
#include <array>
#include <cstdint>
#include <vector>

#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

class RunFile;

class CampaignProgress {
 public:
  enum Column : std::uint8_t { Released, Attempts, Delivered, Expired, SmsFailed, Retries, Done, Failed };
  static constexpr std::size_t kColumns = 8;
  // The table's time bins: one minute.
  static constexpr SimTime kBin = 60'000'000;

  // `write_card[c]`: campaign c is a write-card campaign (the others are
  // not counted); rows end at `stop`.
  CampaignProgress(const std::vector<bool>& write_card, SimTime stop);

  // One more of `column` for campaign `campaign` at t (t <= stop; a
  // campaign that is not write-card is ignored).
  void count(std::uint16_t campaign, SimTime t, Column column);

  // The rows: for every bin from the first that counted anything to the
  // one that holds `stop`, one row per campaign that counted anything, at
  // the bin's end (the stop for the last), in time then campaign order.
  void write(RunFile& out) const;

 private:
  using Counts = std::array<std::uint64_t, kColumns>;
  std::vector<int> slot_;                   // campaign -> its slot, -1 when not counted
  std::vector<std::uint16_t> campaign_;     // slot -> campaign
  std::vector<std::vector<Counts>> added_;  // slot, bin -> counted in the bin
  std::vector<bool> seen_;                  // slot -> counted anything
  std::size_t first_bin_;                   // the first bin that counted anything
  SimTime stop_;
};

}  // namespace twinsim
