// The created-file region's geometry and descriptor coding (created_area.hpp).
#include "cardcore/fs/created_area.hpp"

#include <algorithm>

#include "cardcore/profile/profile_template.hpp"

namespace cardcore {

namespace {
// Descriptor byte offsets (2..23; 0 and 1 are the file state bytes).
constexpr std::size_t kType = 2;       // FileType: 1 DF, 2 ADF, 3 EF
constexpr std::size_t kStructure = 3;  // EfStructure in b1-b7, b8 shareable
constexpr std::size_t kFid = 4;
constexpr std::size_t kParent = 6;
constexpr std::size_t kSfi = 8;
constexpr std::size_t kRecordLength = 9;
constexpr std::size_t kRecordCount = 10;
constexpr std::size_t kSize = 12;
constexpr std::size_t kArrFid = 14;
constexpr std::size_t kArrRecord = 16;
constexpr std::size_t kBody = 18;
}  // namespace

CreatedArea CreatedArea::of(const ProfileTemplate& p) {
  return of(p.layout.created_files.addr, p.layout.created_files.size, static_cast<std::uint32_t>(p.files.size()));
}

CreatedArea CreatedArea::of(std::uint32_t addr, std::uint32_t region_size, std::uint32_t file_count) {
  CreatedArea a;
  a.addr = addr;
  a.size = region_size;
  a.profile_files = file_count;
  if (region_size < kMinBytes) return a;  // no region: no slots
  a.bitmap_bytes = (file_count + 7) / 8;
  a.slots = std::min(kMaxSlots, region_size / kBytesPerSlot);
  a.descriptors = addr + a.header_bytes();
  a.heap = a.descriptors + a.slots * CreatedDescriptor::kBytes;
  a.heap_end = addr + region_size;
  return a;
}

std::uint32_t CreatedArea::descriptor_addr(std::uint32_t slot) const {
  return descriptors + slot * CreatedDescriptor::kBytes;
}

void CreatedDescriptor::encode(std::uint8_t out[kBytes]) const {
  std::fill(out, out + kBytes, 0xFF);
  out[kLifeCycle] = life_cycle;
  out[kCyclicHead] = cyclic_head;
  out[kType] = static_cast<std::uint8_t>(type);
  out[kStructure] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(structure) | (shareable ? 0x80 : 0x00));
  put_be16(out + kFid, fid);
  // A profile index (below 0x8000: the header holds at most 1920 marks) or
  // b16 and a created DF's slot.
  put_be16(out + kParent, static_cast<std::uint16_t>(parent & kCreatedFile ? 0x8000 | (parent & 0x7FFF) : parent));
  out[kSfi] = sfi;
  out[kRecordLength] = record_length;
  out[kRecordCount] = record_count;
  put_be16(out + kSize, size);
  put_be16(out + kArrFid, arr.arr_fid);
  out[kArrRecord] = arr.record;
  out[kBody] = static_cast<std::uint8_t>(body >> 24);
  out[kBody + 1] = static_cast<std::uint8_t>(body >> 16);
  out[kBody + 2] = static_cast<std::uint8_t>(body >> 8);
  out[kBody + 3] = static_cast<std::uint8_t>(body);
}

std::optional<CreatedDescriptor> CreatedDescriptor::decode(const std::uint8_t in[kBytes]) {
  CreatedDescriptor d;
  const std::uint8_t type = in[kType];
  const std::uint8_t structure = in[kStructure] & 0x7F;
  if (type != static_cast<std::uint8_t>(FileType::DF) && type != static_cast<std::uint8_t>(FileType::ADF) &&
      type != static_cast<std::uint8_t>(FileType::EF)) {
    return std::nullopt;
  }
  d.type = static_cast<FileType>(type);
  if (structure > static_cast<std::uint8_t>(EfStructure::Cyclic)) return std::nullopt;
  d.structure = static_cast<EfStructure>(structure);
  // An EF has a structure, a DF none.
  if ((d.type == FileType::EF) == (d.structure == EfStructure::None)) return std::nullopt;
  d.shareable = (in[kStructure] & 0x80) != 0;
  d.fid = be16(in + kFid);
  const std::uint16_t parent = be16(in + kParent);
  d.parent = parent & 0x8000 ? kCreatedFile | (parent & 0x7FFF) : parent;
  d.sfi = in[kSfi];
  d.record_length = in[kRecordLength];
  d.record_count = in[kRecordCount];
  d.size = be16(in + kSize);
  d.arr.arr_fid = be16(in + kArrFid);
  d.arr.record = in[kArrRecord];
  d.body = (std::uint32_t{in[kBody]} << 24) | (std::uint32_t{in[kBody + 1]} << 16) |
           (std::uint32_t{in[kBody + 2]} << 8) | in[kBody + 3];
  d.life_cycle = in[kLifeCycle];
  d.cyclic_head = in[kCyclicHead];
  return d;
}

}  // namespace cardcore
