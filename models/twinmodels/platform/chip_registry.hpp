#pragma once
// The chip management platform (物联网 eSIM 芯片管理平台, the source
// document §3.2.3) over many chips: each chip's lifecycle (chip_lifecycle.hpp),
// the operator's number pools (number_pool.hpp) it opens numbers from and
// recycles them to, and the billing records of activated chips
// (chip_billing.hpp). A step that touches numbers is checked against the chip
// first, so a refusal changes nothing — neither the chip nor a pool.
//
// What it does not model (yet): the OneLink, write-card platform and OneNET
// interfaces the source document says it is integrated with — an OTA write
// here is the record of one the write-card platform made.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/chip_billing.hpp"
#include "twinmodels/platform/chip_lifecycle.hpp"
#include "twinmodels/platform/chip_result.hpp"
#include "twinmodels/platform/number_pool.hpp"

namespace twinmodels::platform {

// A number given by its pool and IMSI (the MSISDN is the pool's pairing).
struct GivenNumber {
  std::string pool;
  std::string imsi;
};

struct ChipRegistryConfig {
  // The fee per billable day, in the smallest currency unit. The source
  // document gives no tariff: 0 unless the caller sets one.
  std::uint64_t fee_per_day = 0;
};

class ChipRegistry {
 public:
  explicit ChipRegistry(ChipRegistryConfig config = {});

  Status add_pool(NumberPoolConfig config);  // refused: a bad configuration, an id already used
  const NumberPool* pool(const std::string& id) const;

  // Lifecycle steps by chip id (EID or ICCID); an unknown id is refused.
  Status produce(const std::string& id, ProductionInfo info, const Party& actor, std::uint64_t at_ms);
  Status stock_in(const std::string& id, const Party& actor, std::uint64_t at_ms);
  Status ship(const std::string& id, const Party& actor, const Party& to, std::uint64_t at_ms);
  Status receive(const std::string& id, const Party& actor, std::uint64_t at_ms);
  Status mount(const std::string& id, const Party& actor, const std::string& module_id, std::uint64_t at_ms);
  Status integrate(const std::string& id, const Party& actor, const std::string& device_id, std::uint64_t at_ms);
  Status sell(const std::string& id, const Party& actor, const Party& customer, const std::string& account,
              std::uint64_t at_ms);
  // Opens the lowest free number of `pool_id` for the chip and a billing
  // record for its account; refused when the pool is exhausted.
  Status activate(const std::string& id, const Party& actor, const std::string& pool_id, std::uint64_t at_ms);
  // Opens the number `imsi` of `pool_id` (a card personalised at the factory
  // carries it; the MSISDN is the pool's pairing); refused when it is not in
  // the pool, allocated or in quarantine.
  Status activate(const std::string& id, const Party& actor, const std::string& pool_id, std::uint64_t at_ms,
                  std::string_view imsi);
  // An eUICC's activation (GSMA SGP.02): the enabled profile's number `imsi`
  // of `pool_id` as the overload above opens it, and the numbers of the
  // profiles installed besides it (`others`: pool, IMSI) held by the chip
  // too (Chip::others()); refused, changing nothing, when any is refused.
  Status activate(const std::string& id, const Party& actor, const std::string& pool_id, std::uint64_t at_ms,
                  std::string_view imsi, const std::vector<GivenNumber>& others);
  // Records an OTA write (`how`: "write-card", "profile download") that gave
  // the chip a new number from `pool_id`; the old number goes into quarantine
  // (recycle_number() returns it).
  Status ota_write(const std::string& id, const Party& actor, const std::string& pool_id, const std::string& how,
                   std::uint64_t at_ms);
  // The same, writing the number `imsi` of `pool_id` (refused as activate's).
  Status ota_write(const std::string& id, const Party& actor, const std::string& pool_id, const std::string& how,
                   std::uint64_t at_ms, std::string_view imsi);
  // An eUICC's profile steps (SGP.02; Chip::download_profile and the
  // like): a downloaded profile's number `imsi` of `pool_id` now held by the
  // chip (refused as activate()'s), the active one when `enable`; a held
  // number made the active one; a held number that is not the active one
  // released into quarantine (recycle_number() returns it). `profile` names
  // the profile in the audit trail.
  Status download_profile(const std::string& id, const Party& actor, const std::string& pool_id,
                          std::string_view imsi, const std::string& profile, bool enable, std::uint64_t at_ms);
  Status enable_profile(const std::string& id, const Party& actor, const std::string& imsi,
                        const std::string& profile, std::uint64_t at_ms);
  Status delete_profile(const std::string& id, const Party& actor, const std::string& imsi,
                        const std::string& profile, std::uint64_t at_ms);
  // The eUICC handed from SM-SR `from` to `to` (SGP.02 §3.8), in its audit trail.
  Status change_sm_sr(const std::string& id, const Party& actor, const std::string& from, const std::string& to,
                      std::uint64_t at_ms);
  // A number migration (the source document §2.4: a failed terminal's
  // number written over the air to its replacement, the service bindings
  // kept): chip `from`'s number (Activated, OtaWritten or Suspended; no
  // other profiles' numbers) is held by chip `to` (Activated or OtaWritten)
  // from now on, never free nor in quarantine; `from` is Replaced (its
  // billing record closed); `to`'s own number goes into quarantine (as an
  // OTA write's old number) and `to` joins `from`'s account and customer:
  // its billing record under its own account closes and one under the
  // number's account opens. Refused, changing nothing, when either chip
  // refuses its step.
  Status migrate_number(const std::string& from, const std::string& to, const Party& actor, std::uint64_t at_ms);
  Status suspend(const std::string& id, const Party& actor, std::uint64_t at_ms);
  Status resume(const std::string& id, const Party& actor, std::uint64_t at_ms);
  // Releases the chip's numbers (the active one and the others) into
  // quarantine and closes its billing record.
  Status deactivate(const std::string& id, const Party& actor, std::uint64_t at_ms);
  // Returns the chip's numbers to their pools: refused before the
  // quarantine of any ends.
  Status recycle(const std::string& id, const Party& actor, std::uint64_t at_ms);
  Status scrap(const std::string& id, const Party& actor, std::uint64_t at_ms);
  // The operator returns a number an OTA write released, after its
  // quarantine; refused for a deactivated chip's number (recycle() returns
  // that one, and the chip records it).
  Status recycle_number(const Party& actor, const std::string& pool_id, const std::string& imsi,
                        std::uint64_t at_ms);

  // Queries, in chip id order.
  const Chip* chip(const std::string& id) const;
  std::size_t size() const { return chips_.size(); }
  std::vector<std::string> held_by(const Party& holder) const;
  std::vector<std::string> in_state(ChipState s) const;
  std::map<ChipState, std::size_t> counts() const;  // states with no chip left out
  std::size_t steps_taken(ChipAction a) const;      // audit entries of `a`, all chips

  // Billing: one record per activation, oldest first.
  const std::vector<BillingRecord>& billing() const { return billing_; }
  std::uint64_t billable_days(const std::string& account, std::uint64_t from_ms, std::uint64_t to_ms) const;
  std::uint64_t charge(const std::string& account, std::uint64_t from_ms, std::uint64_t to_ms) const;

  // Checkpoints (layout "CHIP" 2 in chip_registry_state.cpp): the pools, the
  // chips with their numbers and audit trails, the billing records and which are open —
  // everything but the constructor's config. restore_state() throws
  // std::invalid_argument("chip registry state: ...") for a truncated,
  // damaged or inconsistent state and then leaves the registry as it was.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  Status activate_from(const std::string& id, const Party& actor, const std::string& pool_id, std::uint64_t at_ms,
                       std::optional<std::string_view> imsi);
  Status ota_write_from(const std::string& id, const Party& actor, const std::string& pool_id,
                        const std::string& how, std::uint64_t at_ms, std::optional<std::string_view> imsi);
  Result<Chip*> find(const std::string& id);
  BillingRecord* open_record(const std::string& id);

  ChipRegistryConfig config_;
  std::map<std::string, NumberPool> pools_;
  std::map<std::string, Chip> chips_;
  std::vector<BillingRecord> billing_;
  std::map<std::string, std::size_t> open_billing_;  // chip id -> its record while activated
};

}  // namespace twinmodels::platform
