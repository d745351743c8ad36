#pragma once
// The MPI ranks of `esimtwin sweep` (Open MPI, MPI-3): MPI_Init when made,
// MPI_Finalize when gone. Started without mpirun it is one rank (MPI's
// singleton start). Nothing else in esimtwin uses MPI.
#include <string>
#include <vector>

namespace esimtwin {

class MpiRanks {
 public:
  MpiRanks();
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Every rank's `text` at rank 0, in rank order; empty on the others.
  std::vector<std::string> gather(const std::string& text) const;
  // Rank 0's `value` on every rank.
  int broadcast(int value) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace esimtwin
