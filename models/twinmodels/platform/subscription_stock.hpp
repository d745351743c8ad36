#pragma once
// The MNO's subscription stock at its SM-DP (GSMA SGP.02 §3.1.1, §5.3.2:
// ES2.DownloadProfile names an ICCID the SM-DP holds for the profile type):
// per profile type the ICCIDs the operator loaded, each with its IMSI,
// Milenage K and OPc and MSISDN, and where it stands — available, reserved
// by an order in progress, installed on an eUICC, or withheld after an
// order that failed once an ISD-P had been asked for (sm_dp.hpp says why).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/util/bytes.hpp"

#include "twinmodels/platform/profile_preparation.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

enum class StockState : std::uint8_t { Available, Reserved, Installed, Withheld };

const char* to_string(StockState s);

struct StockEntry {
  std::string profile_type;
  SubscriptionValues values;  // ICCID, IMSI, K, OPc
  std::string msisdn;         // the subscription's number (E.164 digits)
  StockState state = StockState::Available;
  std::string order;          // the ES2 call that reserved, installed or withheld it
  std::string eid;            // its eUICC, once installed
};

class SubscriptionStock {
 public:
  // Loads one subscription of `profile_type`. Throws std::invalid_argument
  // for an ICCID loaded already or an MSISDN that is not 1..15 digits (the
  // values themselves are checked against the profile by the SM-DP).
  void add(std::string profile_type, SubscriptionValues values, std::string msisdn);
  const StockEntry* find(std::string_view iccid) const;
  // The subscription with IMSI `imsi` (the number the chip management
  // platform opened for a chip), whatever its state; nullptr if none.
  const StockEntry* find_by_imsi(std::string_view imsi) const;

  // Reserves `iccid` for the order `call_id` of `profile_type`; nullopt when
  // reserved, else the SGP.02 reason for subject "Profile ICCID": "Unknown"
  // (not loaded), "Already in use" (reserved, installed or withheld),
  // "Invalid" (loaded for another profile type).
  std::optional<std::string> reserve(std::string_view iccid, std::string_view profile_type, const std::string& call_id);
  // The reserved ICCID's order ended: back to Available (nothing reached a
  // card), Installed on `eid`, or Withheld.
  void release(std::string_view iccid);
  void install(std::string_view iccid, const std::string& eid);
  void withhold(std::string_view iccid);
  // The operator's decision: a withheld ICCID is available again. False for
  // an ICCID that is not withheld.
  bool return_to_stock(std::string_view iccid);

  std::size_t count(std::string_view profile_type, StockState state) const;
  // Every entry by ICCID.
  const std::map<std::string, StockEntry, std::less<>>& entries() const { return entries_; }

  // The SM-DP's records restored from an old backup (a fault; ours): a
  // backup holds each entry's state, order and EID (records(), by ICCID).
  // restore() puts them back, but an entry Reserved now stays so (its order
  // is under way and will end it), one Reserved in the backup comes back
  // Available (that order ended since: the backup cannot say how), and one
  // loaded since the backup is Available (the operator's stock file loaded
  // again). An ICCID installed since is then Available to the SM-DP: only
  // the SM-SR's EIS knows it is on a card. Returns the entries changed.
  struct Record {
    std::string iccid;
    StockState state = StockState::Available;
    std::string order;
    std::string eid;
  };
  std::vector<Record> records() const;
  std::size_t restore(const std::vector<Record>& backup);

  // Checkpoints (subscription_stock_state.cpp has the layout): every entry
  // with its values, state, order and EID. parse_state() throws
  // std::invalid_argument ("<kind> state: ...") for malformed input.
  void save_state(cardcore::Bytes& out) const;
  static SubscriptionStock parse_state(state::Reader& r);

 private:
  StockEntry* entry(std::string_view iccid, StockState expected);
  std::map<std::string, StockEntry, std::less<>> entries_;  // by ICCID
};

}  // namespace twinmodels::platform
