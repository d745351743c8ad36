#pragma once
// How the ranks of a sharded run talk (docs/SCALING.md, "Sharded runs"): the command line gives MPI's (app/mpi_ranks.cpp); one
// rank alone needs no messages (OneRank). The engine never includes MPI.
#include <string>
#include <vector>

namespace twinsim {

class ShardLink {
 public:
  virtual ~ShardLink() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every rank gives each rank r the bytes to[r] and gets what each rank
  // gave it, by rank.
  virtual std::vector<std::string> all_to_all(const std::vector<std::string>& to) = 0;
  // Every rank's `bytes` at rank 0, by rank; empty on the others.
  virtual std::vector<std::string> gather(const std::string& bytes) = 0;
};

// A sharded run on one rank: the same slots and exchange, in one process.
class OneRank final : public ShardLink {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::string> all_to_all(const std::vector<std::string>& to) override { return to; }
  std::vector<std::string> gather(const std::string& bytes) override { return {bytes}; }
};

}  // namespace twinsim
