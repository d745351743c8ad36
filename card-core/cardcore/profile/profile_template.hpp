#pragma once
// An immutable card profile: the file tree, PINs, authentication settings and
// the factory NVM image every card of this profile starts from. Cards share
// one template and keep only their own changes (see nvm/Nvm).
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/fs/file_node.hpp"
#include "cardcore/nvm/nvm_image.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {

// TS 102 221 §9.5.1: key references of PINs and administrative keys.
namespace key_ref {
inline constexpr std::uint8_t kPin1 = 0x01;       // PIN Appl 1
inline constexpr std::uint8_t kUniversalPin = 0x11;
inline constexpr std::uint8_t kAdm1 = 0x0A;
inline constexpr std::uint8_t kPin2 = 0x81;       // second PIN Appl 1 (local)
}  // namespace key_ref

// A PIN (or ADM key) and its unblock key. Values are 8 bytes, ASCII digits
// padded with 0xFF (TS 102 221 §9.5.2). Per-card state lives in NVM at
// state_addr, see PinRecord.
struct PinSpec {
  std::string name;            // "PIN1", "PIN2", "ADM1"
  std::uint8_t key_ref = 0;
  Bytes value;                 // factory value (8 bytes)
  Bytes puk;                   // factory unblock value (8 bytes), empty if none
  std::uint8_t max_tries = 3;  // §9.5.3? retry counter start values
  std::uint8_t puk_max_tries = 10;
  bool enabled = true;         // verification required at power-up
  bool can_disable = true;     // DISABLE VERIFICATION allowed
  std::uint32_t state_addr = 0;
};

// NVM record of one PIN: value, PUK, tries left, PUK tries left, flags.
struct PinRecord {
  static constexpr std::uint32_t kValue = 0;      // 8 bytes
  static constexpr std::uint32_t kPuk = 8;        // 8 bytes
  static constexpr std::uint32_t kTries = 16;     // 1 byte
  static constexpr std::uint32_t kPukTries = 17;  // 1 byte
  static constexpr std::uint32_t kFlags = 18;     // 1 byte: b1 enabled
  static constexpr std::uint32_t kSize = 19;
};

// One OTA key set of the card's Receiving Entity (TS 102 225 §5.1.2, §5.1.3)
// for one TAR: a record of the profile's key set EF ([ota] keys,
// docs/PROFILE-FORMAT.md "OTA key sets and counters"). The keys follow the
// 9-byte header back to back (KIc key, then KID key); the rest of the record
// is 'FF'. A record whose TAR is 'FF FF FF' is unused.
struct OtaKeyRecord {
  static constexpr std::uint32_t kTar = 0;        // 3 bytes, TS 102 225 §5.1
  static constexpr std::uint32_t kMsl = 3;        // minimum security level, SPI byte 1 coding (TS 102 226 §8.2.1.3.2.4.2)
  static constexpr std::uint32_t kCounter = 4;    // record number (1..) of its counter in the counter EF
  static constexpr std::uint32_t kKic = 5;        // KIc byte: algorithm, key version (§5.1.2)
  static constexpr std::uint32_t kKicLength = 6;  // KIc key bytes: 0 (none), 8, 16, 24 or 32
  static constexpr std::uint32_t kKid = 7;        // KID byte (§5.1.3)
  static constexpr std::uint32_t kKidLength = 8;  // KID key bytes: 0, 8, 16, 24 or 32
  static constexpr std::uint32_t kKeys = 9;       // KIc key, then KID key
  static constexpr std::uint32_t kMaxKey = 32;
  static constexpr std::uint32_t kSize = kKeys + 2 * kMaxKey;  // 73: the EF's record length
};

// Where the OTA Receiving Entity keeps its key sets and replay counters
// (TS 102 225 §5.1.1): two linear fixed EFs of the profile's file tree.
struct OtaSpec {
  std::uint32_t keys = kNoFile;      // records of OtaKeyRecord::kSize bytes
  std::uint32_t counters = kNoFile;  // records of 5 bytes: CNTR, big-endian (TS 102 225 §5.1)
  static constexpr std::uint32_t kCounterBytes = 5;
};

// The GlobalPlatform card content of the card's Issuer Security Domain
// ([gp] section; card-core/cardcore/gp/): its registry and the memory that
// load files and applications take, two EFs of the profile's file tree.
struct GpSpec {
  Bytes isd_aid;                     // the ISD's AID (GP Card Specification §H.1.3)
  // The ISD's TAR (TS 102 225 §5.1): '00 00 00' (TS 101 220 Annex D), or
  // an eUICC ISD-R's '00 00 01' (SGP.02 §2.2.3).
  std::array<std::uint8_t, 3> isd_tar{0x00, 0x00, 0x00};
  std::uint32_t registry = kNoFile;  // linear fixed: one registry entry per record (gp/registry_record.hpp)
  std::uint32_t heap = kNoFile;      // transparent: load file contents, at most 65535 bytes
};

// Authentication settings of the USIM (TS 31.102 §7.1, TS 35.206, TS 33.102
// Annex C). K and OPc are per card and live in NVM.
struct AuthSpec {
  Bytes k;    // factory value, 16 bytes
  Bytes opc;  // factory value, 16 bytes
  // TS 35.206 §4.1: rotation constants r1..r5 (bits) and c1..c5; the
  // defaults are the ones the specification gives.
  std::uint8_t r[5] = {64, 0, 32, 64, 96};
  std::uint8_t c_last_byte[5] = {0, 1, 2, 4, 8};
  std::uint8_t sqn_ind_bits = 5;         // TS 33.102 C.3.2: a = 2^5 = 32
  std::uint64_t sqn_delta = 0;           // C.2.2 delta limit on SEQ, 0 = off
  std::uint64_t sqn_age_limit = 0;       // C.3.? age limit L, 0 = off
  std::uint32_t key_addr = 0;            // NVM: K (16) then OPc (16)
  std::uint32_t sqn_addr = 0;            // NVM: SQN array bytes
};

// A byte range of the NVM image.
struct NvmRegion {
  std::uint32_t addr = 0;
  std::uint32_t size = 0;
};

// Where the profile builder put things in the factory NVM image
// (docs/PROFILE-FORMAT.md, "NVM layout"). Each region starts on a page
// boundary; the personalization area starts at 0.
struct NvmLayout {
  // Everything that differs per card, packed without gaps: K and OPc, the
  // bodies of the EFs marked `personalized`, then the PIN records.
  NvmRegion personalization;
  NvmRegion sqn;          // SQN array (AuthSpec::sqn_addr)
  NvmRegion file_states;  // 2 bytes per file (FileNode::state_addr)
  NvmRegion bodies;       // the bodies of the other EFs, in profile order
  // The card's own file system changes (TS 102 222): files made by CREATE
  // FILE and the marks of deleted profile files (fs/created_area.hpp,
  // fs/file_table.hpp), all 'FF' in the factory image. Size 0: the card
  // creates no files and deletes none.
  NvmRegion created_files;
  // Indices of the EFs whose bodies are in the personalization area, in
  // profile order (files linked to them share those bodies and are not listed).
  std::vector<std::uint32_t> personalized_files;
};

struct ProfileTemplate {
  std::string name;
  Bytes atr;                            // ISO 7816-3 answer to reset
  std::uint8_t max_logical_channels = 4;  // TS 102 221 §10.1.1: 1..20
  std::vector<FileNode> files;          // files[0] is the MF
  std::vector<PinSpec> pins;
  AuthSpec auth;
  std::shared_ptr<const NvmImage> nvm;  // factory image
  NvmLayout layout;
  // The OTA key sets ([ota] section); none: the card has no OTA receiver.
  std::optional<OtaSpec> ota;
  // The GlobalPlatform registry ([gp] section); none: the card has no
  // Issuer Security Domain (no RAM, no applets).
  std::optional<GpSpec> gp;

  // Index of the file with this path of FIDs from the MF (the MF's own FID
  // 3F00 first, e.g. {0x3F00, 0x7FF0, 0x6F07}); nullopt if none.
  std::optional<std::uint32_t> find_path(const std::vector<std::uint16_t>& path) const;
  // The child of DF `df` with this FID, or kNoFile: a scan of the DF's
  // child_fids (or, in a template built without them, of its children).
  // Inline: SELECT's hot path.
  std::uint32_t find_child(std::uint32_t df, std::uint16_t fid) const {
    const FileNode& d = files[df];
    if (d.child_fids.size() == d.children.size()) {
      const auto at = std::find(d.child_fids.begin(), d.child_fids.end(), fid);
      return at == d.child_fids.end() ? kNoFile : d.children[static_cast<std::size_t>(at - d.child_fids.begin())];
    }
    for (std::uint32_t c : d.children) {  // a template made without the parser
      if (files[c].fid == fid) return c;
    }
    return kNoFile;
  }
  // Index of the ADF with this AID (full or right-truncated, §8.5.? partial
  // DF name selection: the given bytes are a prefix of the AID).
  std::optional<std::uint32_t> find_adf(ByteView aid_prefix) const;
  // Index of a file by its name as written in the profile ("ADF.USIM/EF.IMSI").
  std::optional<std::uint32_t> find_name(const std::string& qualified) const;
  const PinSpec* find_pin(std::uint8_t key_ref) const;
  // Index of the EF.ARR that file's access rule refers to (§9.2.4: searched
  // in the file's DF — a DF's own directory for a DF — then upwards to the
  // MF); nullopt if none or if the file gives no rule.
  std::optional<std::uint32_t> find_arr(std::uint32_t file) const;
  // The name find_name() takes: the file names from below the MF joined by
  // '/' ("ADF.USIM/EF.IMSI"); "MF" for the MF.
  std::string qualified_name(std::uint32_t file) const;
};

}  // namespace cardcore
