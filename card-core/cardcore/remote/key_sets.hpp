#pragma once
// The OTA key sets and replay counters of the card's Receiving Entity
// (TS 102 225 §5.1.1-§5.1.3), read from and written to the two EFs of the
// profile's [ota] section in the card's NVM (docs/PROFILE-FORMAT.md, "OTA
// key sets and counters"; the record layout is OtaKeyRecord).
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/ota/command_packet.hpp"
#include "cardcore/ota/ota_keys.hpp"
#include "cardcore/ota/packet_fields.hpp"

namespace cardcore {
class Uicc;
struct ProfileTemplate;
}

namespace cardcore::remote {

struct KeySet {
  ota::OtaKeys keys;                // KIc, KID and their keys
  std::uint8_t counter_record = 0;  // its counter: a record (1..) of the counter EF
};

// What the card holds for a TAR.
struct TarKeys {
  // Minimum security level of the TAR (TS 102 226 §8.2.1.3.2.4.2): the MSL
  // of its first record.
  std::uint8_t msl = 0;
  // The first record of the TAR whose KIc and KID name the packet's key
  // version and algorithm (ota::names_key) where its SPI needs them
  // (ciphering: KIc; a cryptographic checksum: KID); none if no record does.
  std::optional<KeySet> key_set;
};

// A used record of the key set EF as the profile's factory image has it:
// everything but the keys, which personalization may replace
// (Personalization::ota_keys).
struct KeySetRecord {
  std::uint8_t record = 0;  // 1..
  ota::Tar tar{};
  std::uint8_t msl = 0;
  std::uint8_t counter_record = 0;
  std::uint8_t kic = 0;  // KIc byte (TS 102 225 §5.1.2)
  std::uint8_t kic_length = 0;
  std::uint8_t kid = 0;  // KID byte (§5.1.3)
  std::uint8_t kid_length = 0;
};
// The used records (TAR not 'FF FF FF') in record order; none without [ota].
std::vector<KeySetRecord> factory_key_set_records(const ProfileTemplate& profile);
// NVM address of a record's keys (the KIc key, then the KID key).
std::uint32_t key_set_keys_address(const ProfileTemplate& profile, std::uint8_t record);

// nullopt when no record has the packet's TAR (or the card has no [ota]).
// Records whose key lengths are not 0, 8, 16, 24 or 32 are skipped.
std::optional<TarKeys> find_tar_keys(const Uicc& card, const ota::CommandHeader& header);

// The stored counter of a record of the counter EF; a record that does not
// exist reads as blocked (kCounterMax).
ota::Counter read_counter(const Uicc& card, std::uint8_t counter_record);

// Writes the counter in one NVM transaction. False when there is no such
// record or the NVM refused the write (CommitResult::WriteFailed).
bool store_counter(Uicc& card, std::uint8_t counter_record, ota::Counter value);

}  // namespace cardcore::remote
