#pragma once
// The NVM region of a card's own file system changes (TS 102 222: CREATE
// FILE, DELETE FILE, RESIZE FILE): where things are in it and how a created
// file's descriptor is coded. Layout (docs/PROFILE-FORMAT.md, "NVM layout",
// region 5), all 'FF' in the factory image:
//
//   header       deleted marks: one bit per profile file, b8 of byte 0 first;
//                '1' present (the erased state), '0' deleted by this card
//                slot map: one byte per slot, 'FF' free, '01' in use
//   descriptors  slots x kDescriptorBytes
//   heap         bodies of created EFs, AIDs of created ADFs
//
// The header is small enough to be rewritten as one journal run, so that a
// DELETE FILE of a whole subtree is one NVM transaction.
#include <cstdint>
#include <optional>

#include "cardcore/fs/file_node.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {

struct ProfileTemplate;

struct CreatedArea {
  // Region sizes the profile may give (`created_file_space`): 0, or these
  // bounds; one slot per kBytesPerSlot, at most kMaxSlots.
  static constexpr std::uint32_t kMinBytes = 1024;
  static constexpr std::uint32_t kMaxBytes = 1u << 20;
  static constexpr std::uint32_t kBytesPerSlot = 256;
  static constexpr std::uint32_t kMaxSlots = 64;
  // The header must fit one journal run with room to spare (Nvm journal:
  // 312 bytes, a run costs its length + 6).
  static constexpr std::uint32_t kMaxHeaderBytes = 240;
  static constexpr std::uint8_t kSlotFree = 0xFF;
  static constexpr std::uint8_t kSlotUsed = 0x01;

  std::uint32_t addr = 0;          // start of the region (0 size: no region)
  std::uint32_t size = 0;
  std::uint32_t profile_files = 0;  // files of the profile, one deleted mark each
  std::uint32_t bitmap_bytes = 0;
  std::uint32_t slots = 0;
  std::uint32_t descriptors = 0;   // address of slot 0's descriptor
  std::uint32_t heap = 0;          // first heap byte
  std::uint32_t heap_end = 0;      // one past the last

  // The geometry of a profile's region; for the builder, `region_size` and
  // `file_count` before the profile is complete.
  static CreatedArea of(const ProfileTemplate& p);
  static CreatedArea of(std::uint32_t addr, std::uint32_t region_size, std::uint32_t file_count);

  bool present() const { return slots != 0; }
  std::uint32_t slot_map() const { return addr + bitmap_bytes; }
  std::uint32_t header_bytes() const { return bitmap_bytes + slots; }
  std::uint32_t descriptor_addr(std::uint32_t slot) const;
  // File index of a slot's file (kCreatedFile | slot), and back.
  std::uint32_t file_of(std::uint32_t slot) const { return kCreatedFile | slot; }
  bool is_created(std::uint32_t file) const { return (file & kCreatedFile) != 0 && slot_of(file) < slots; }
  std::uint32_t slot_of(std::uint32_t file) const { return file & ~kCreatedFile; }
};

// One created file's descriptor (kDescriptorBytes in NVM). Offsets 0 and 1
// are the file's 2 bytes of state (FileNode::state_addr: life cycle, cyclic
// head), as for profile files.
struct CreatedDescriptor {
  static constexpr std::uint32_t kBytes = 24;
  static constexpr std::uint32_t kLifeCycle = 0;
  static constexpr std::uint32_t kCyclicHead = 1;

  FileType type = FileType::EF;
  EfStructure structure = EfStructure::None;
  bool shareable = true;
  std::uint16_t fid = 0;
  std::uint32_t parent = 0;       // file index of the parent DF (2 bytes in NVM: b16 set for a created one)
  std::uint8_t sfi = 0;           // 0: none
  std::uint8_t record_length = 0;
  std::uint8_t record_count = 0;
  std::uint16_t size = 0;         // EF body bytes; ADF: AID bytes
  ArrReference arr;
  std::uint32_t body = 0;         // NVM address of the EF body or ADF AID
  std::uint8_t life_cycle = 0x05;
  std::uint8_t cyclic_head = 0;

  // The NVM bytes of a descriptor.
  void encode(std::uint8_t out[kBytes]) const;
  // Reads one; nullopt when the bytes cannot be a descriptor (free or torn
  // slots are never read, but a restored card state may hold any bytes).
  static std::optional<CreatedDescriptor> decode(const std::uint8_t in[kBytes]);
};

}  // namespace cardcore
