#pragma once
// The MPI ranks of `esimtwin sweep` (Open MPI, MPI-3): MPI_Init when made,
// MPI_Finalize when gone. Started without mpirun it is one rank (MPI's
// singleton start). Nothing else in esimtwin uses MPI.
#include <string>
#include <vector>

#include "twinsim/shard/shard_link.hpp"

namespace esimtwin {

class MpiRanks {
 public:
  // How a rank waits in an exchange. Yield: it gives up its core (a
  // sweep's rank waiting for another rank's runs, which need the cores).
  // OpenMpiDefault: Open MPI's choice, which spins unless the node holds
  // more ranks than slots (a sharded run's ranks exchange every few
  // milliseconds: yielding made two ranks on two cores 1.5 to 2× slower,
  // docs/SCALING.md). The user's OMPI_MCA_mpi_yield_when_idle wins.
  enum class Waiting { Yield, OpenMpiDefault };
  explicit MpiRanks(Waiting waiting);
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Every rank's `text` at rank 0, in rank order; empty on the others.
  std::vector<std::string> gather(const std::string& text) const;
  // Rank 0's `value` on every rank.
  int broadcast(int value) const;
  // Every rank gives each rank r the bytes to[r]; what each rank gave this one, by rank.
  std::vector<std::string> all_to_all(const std::vector<std::string>& to) const;
  // Ends every rank's process with `code` (MPI_Abort): an error on one rank
  // that the others, waiting in an exchange, would never hear of.
  [[noreturn]] void abort_all(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

// A sharded run's ranks over MPI (twinsim/shard/shard_link.hpp).
class MpiShardLink final : public twinsim::ShardLink {
 public:
  explicit MpiShardLink(const MpiRanks& ranks) : ranks_(ranks) {}
  int rank() const override { return ranks_.rank(); }
  int size() const override { return ranks_.size(); }
  std::vector<std::string> all_to_all(const std::vector<std::string>& to) override { return ranks_.all_to_all(to); }
  std::vector<std::string> gather(const std::string& bytes) override { return ranks_.gather(bytes); }

 private:
  const MpiRanks& ranks_;
};

}  // namespace esimtwin
