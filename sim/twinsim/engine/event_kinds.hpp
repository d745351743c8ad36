#pragma once
// The kinds of rows of /events in the run file (index = value of the kind
// column). Append only: the order is part of the run-file schema.
#include <cstdint>
#include <string>
#include <vector>

namespace twinsim {

enum class EventKind : std::uint8_t {
  PowerOn,          // value: 0
  ImsiRead,         // value: 1 if the IMSI read back is the one personalized
  VectorRequested,  // value: 0; the request leaves with the next batch
  Authenticated,    // value: successful authentications of the device so far
  SyncFailure,      // value: 0; the card answered AUTS
  MacFailure,       // value: the card's status word
  ResyncFailed,     // value: 0; the HSS refused the AUTS
  Rejected,         // value: consecutive rejections; the HSS queue was full
  Wake,             // value: 0; periodic activity starts
  LocationStored,   // value: 1 ok / 0 the card refused the EF.EPSLOCI update
  CardError,        // value: the card's status word
  ResMismatch,      // value: 0; RES differs from XRES (network-side failure)
  PowerCycle,       // value: the fault's index; the device reboots
  PowerLossArmed,   // value: the fault's index; power will fail at the card's next NVM program
  PowerLoss,        // value: the fault's index; power failed while the card programmed its NVM
};

inline const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> names = {
      "power_on",  "imsi_read", "vector_requested", "authenticated", "sync_failure",    "mac_failure",
      "resync_failed", "rejected", "wake",          "location_stored", "card_error",    "res_mismatch",
      "power_cycle", "power_loss_armed", "power_loss"};
  return names;
}

}  // namespace twinsim
