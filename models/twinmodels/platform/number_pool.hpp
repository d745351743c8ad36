#pragma once
// The operator's number resources for the chip management platform (the
// source document §3.2.3: 码号开通 / 码号资源回收, number activation and
// number resource recycling): one pool is a block of IMSIs paired one to one
// with a block of MSISDNs — slot i is (first IMSI + i, first MSISDN + i).
// A number is allocated at activation (lowest free slot first, so runs are
// deterministic; or the very number a card was personalised with at the
// factory), released into quarantine at deactivation (or when an OTA
// write gives the chip a new number), and only recycled — free again — once
// the quarantine period has passed. The pairing, the quarantine and the
// explicit recycle step are ours: the source document names the closed loop
// but not its rules.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "twinmodels/platform/chip_result.hpp"

namespace twinmodels::platform {

struct ChipRegistryCodec;

struct NumberPoolConfig {
  std::string id;
  std::string first_imsi;    // digits, 6..15 (3GPP TS 23.003: MCC + MNC + MSIN, 15 at most)
  std::string first_msisdn;  // digits, 15 at most (ITU-T E.164)
  std::uint32_t size = 0;    // numbers in the pool; both blocks keep their digit count
  std::uint64_t quarantine_ms = 0;  // ours: how long a released number rests before reuse
};

struct NumberPair {
  std::string imsi;
  std::string msisdn;
  bool operator==(const NumberPair&) const = default;
};

enum class NumberState : std::uint8_t { Free, Allocated, Quarantined };
const char* to_string(NumberState s);

class NumberPool {
 public:
  // Checks the configuration (digits, lengths, the blocks fit their width).
  static Result<NumberPool> create(NumberPoolConfig config);

  const NumberPoolConfig& config() const { return config_; }
  const std::string& id() const { return config_.id; }

  // The lowest free slot's numbers, now held by `holder` (a chip id).
  // Refused when every number is allocated or in quarantine.
  Result<NumberPair> allocate(const std::string& holder, std::uint64_t now_ms);
  // The number `imsi` (3GPP TS 23.003: the pool's digit count) and its
  // MSISDN, now held by `holder`: a card that carries its IMSI from the
  // factory. Refused for a number outside the pool, allocated or in
  // quarantine.
  Result<NumberPair> allocate_number(std::string_view imsi, const std::string& holder, std::uint64_t now_ms);
  // The numbers of `imsi` if it is free; refused as allocate_number(). What
  // a step that takes several numbers checks before it takes any.
  Result<NumberPair> free_number(std::string_view imsi) const;
  // An allocated number goes into quarantine from `now_ms`.
  Status release(std::string_view imsi, std::uint64_t now_ms);
  // An allocated number held by `from` is held by `to` from now on (a number
  // migration, the source document §2.4): it stays allocated, never free
  // nor in quarantine. Refused for a number not allocated to `from`.
  Status hand_over(std::string_view imsi, const std::string& from, const std::string& to);
  // A quarantined number is free again, once its quarantine has passed.
  Status recycle(std::string_view imsi, std::uint64_t now_ms);
  // Whether recycle() would free it now; refused as recycle().
  Status can_recycle(std::string_view imsi, std::uint64_t now_ms) const;

  // Queries; a number outside the pool is refused / nullopt.
  Result<NumberState> state_of(std::string_view imsi) const;
  // The chip that holds the number, or held it last while in quarantine;
  // empty when free.
  std::string holder_of(std::string_view imsi) const;
  std::uint32_t count(NumberState s) const;
  std::uint32_t size() const { return config_.size; }

 private:
  struct Slot {
    NumberState state = NumberState::Free;
    std::string holder;
    std::uint64_t released_ms = 0;
  };
  friend struct ChipRegistryCodec;  // chip_registry_state.cpp: the checkpoint

  explicit NumberPool(NumberPoolConfig config);
  Result<std::uint32_t> slot_of(std::string_view imsi) const;
  NumberPair numbers_of(std::uint32_t slot) const;
  NumberPair take(std::uint32_t slot, const std::string& holder);  // a free slot

  NumberPoolConfig config_;
  std::uint64_t first_imsi_ = 0;
  std::uint64_t first_msisdn_ = 0;
  std::vector<Slot> slots_;
  std::set<std::uint32_t> free_;  // lowest first
};

}  // namespace twinmodels::platform
