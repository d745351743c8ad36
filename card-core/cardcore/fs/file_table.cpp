// The RAM view of a card's created-file region (file_table.hpp): decoding
// and checking the slots, lookups, and finding room for bodies.
#include "cardcore/fs/file_table.hpp"

#include <algorithm>
#include <array>

#include "cardcore/fs/file_ids.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/profile/profile_template.hpp"

namespace cardcore {

namespace {


std::string created_name(const CreatedDescriptor& d) {
  static const char digits[] = "0123456789ABCDEF";
  const char* kind = d.type == FileType::ADF ? "ADF." : d.type == FileType::DF ? "DF." : "EF.";
  std::string s = kind;
  for (int shift = 12; shift >= 0; shift -= 4) s += digits[(d.fid >> shift) & 0xF];
  return s;
}

// What a descriptor says on its own, before its place in the tree is known.
bool well_formed(const CreatedDescriptor& d, const CreatedArea& a) {
  if (d.fid == kFidMf || d.fid == kFidCurrentAdf || d.fid == kFidReserved) return false;
  const std::uint64_t end = std::uint64_t{d.body} + d.size;
  const bool in_heap = d.body >= a.heap && end <= a.heap_end;
  switch (d.type) {
    case FileType::DF:
      return d.sfi == 0;
    case FileType::ADF:
      // TS 101 220 Annex E: an AID of 5..16 bytes, held in the heap.
      return d.sfi == 0 && d.size >= 5 && d.size <= 16 && in_heap;
    case FileType::EF:
      break;
    case FileType::MF:
      return false;
  }
  if (d.sfi > 30 || !in_heap) return false;
  if (d.structure == EfStructure::Transparent) return true;
  // TS 102 221 §8.2: records of 1..255 bytes, 1..254 of them.
  return d.record_length != 0 && d.record_count != 0 && d.record_count != 0xFF &&
         d.size == std::uint32_t{d.record_length} * d.record_count &&
         (d.structure != EfStructure::Cyclic || d.cyclic_head < d.record_count);
}

}  // namespace

std::unique_ptr<FileTable> FileTable::load(const ProfileTemplate& profile, const Nvm& nvm) {
  const CreatedArea area = CreatedArea::of(profile);
  if (!area.present()) return nullptr;
  // At every power-up: on the stack (the parser keeps the header within
  // kMaxHeaderBytes), no allocation for an untouched region.
  std::array<std::uint8_t, CreatedArea::kMaxHeaderBytes> header;
  const std::span<std::uint8_t> used(header.data(), std::min<std::size_t>(area.header_bytes(), header.size()));
  nvm.read(area.addr, used);
  if (std::all_of(used.begin(), used.end(), [](std::uint8_t b) { return b == 0xFF; })) return nullptr;
  return read(profile, nvm);
}

std::unique_ptr<FileTable> FileTable::read(const ProfileTemplate& profile, const Nvm& nvm) {
  const CreatedArea area = CreatedArea::of(profile);
  if (!area.present()) return nullptr;
  Bytes header(area.header_bytes());
  nvm.read(area.addr, header);

  auto t = std::unique_ptr<FileTable>(new FileTable);
  t->area_ = area;
  const std::uint32_t n = area.profile_files;

  // Deleted marks: a file is gone when its own bit is '0' or its DF is gone
  // (profile order puts every DF before its files). The MF stays.
  t->deleted_.assign(n, 0);
  for (std::uint32_t i = 1; i < n; ++i) {
    const bool own = (header[i / 8] & (0x80 >> (i % 8))) == 0;
    const std::uint32_t parent = profile.files[i].parent;
    t->deleted_[i] = own || (parent != kNoFile && t->deleted_[parent] != 0);
  }

  // Slots in use with a descriptor that reads as one.
  std::vector<std::optional<CreatedDescriptor>> slot(area.slots);
  for (std::uint32_t s = 0; s < area.slots; ++s) {
    if (header[area.bitmap_bytes + s] != CreatedArea::kSlotUsed) continue;
    std::array<std::uint8_t, CreatedDescriptor::kBytes> raw;
    nvm.read(area.descriptor_addr(s), raw);
    std::optional<CreatedDescriptor> d = CreatedDescriptor::decode(raw.data());
    if (d && well_formed(*d, area)) slot[s] = d;
  }
  // A created file exists when its parent is an existing DF, up to a profile
  // DF that is not deleted; an ADF hangs from the MF. Parents can be in any
  // slot (slots are reused), so settle them by walking up, at most one step
  // per slot (a longer walk is a cycle).
  enum class Live : std::uint8_t { Unknown, Yes, No };
  std::vector<Live> live(area.slots, Live::Unknown);
  for (std::uint32_t s = 0; s < area.slots; ++s) {
    std::vector<std::uint32_t> path;
    std::uint32_t at = s;
    Live verdict = Live::No;
    for (std::uint32_t steps = 0; steps <= area.slots; ++steps) {
      if (!slot[at]) break;
      if (live[at] != Live::Unknown) {
        verdict = live[at];
        break;
      }
      path.push_back(at);
      const CreatedDescriptor& d = *slot[at];
      const std::uint32_t p = d.parent;
      if (d.type == FileType::ADF && p != 0) break;
      if (p < n) {
        const FileNode& pn = profile.files[p];
        if (pn.is_df() && t->deleted_[p] == 0 && (d.type != FileType::ADF || pn.type == FileType::MF)) {
          verdict = Live::Yes;
        }
        break;
      }
      if (!area.is_created(p)) break;
      const std::uint32_t ps = area.slot_of(p);
      if (!slot[ps] || slot[ps]->type == FileType::EF) break;
      at = ps;
    }
    for (std::uint32_t q : path) live[q] = verdict;
  }

  t->header_ = std::move(header);
  for (std::uint32_t s = 0; s < area.slots; ++s) {
    if (live[s] != Live::Yes) {
      t->header_[area.bitmap_bytes + s] = CreatedArea::kSlotFree;
      continue;
    }
    const CreatedDescriptor& d = *slot[s];
    FileNode f;
    f.name = created_name(d);
    f.fid = d.fid;
    f.type = d.type;
    f.structure = d.structure;
    f.sfi = d.sfi;
    f.record_length = d.record_length;
    f.record_count = d.record_count;
    f.size = d.type == FileType::EF ? d.size : 0;
    f.arr = d.arr;
    f.shareable = d.shareable;
    f.parent = d.parent;
    f.body_addr = d.body;
    f.state_addr = area.descriptor_addr(s);
    if (d.type == FileType::ADF) {
      f.aid.resize(d.size);
      nvm.read(d.body, f.aid);
    }
    t->files_.push_back(area.file_of(s));
    t->nodes_.push_back(std::move(f));
  }
  return t;
}

const FileNode* FileTable::created(std::uint32_t file) const {
  const auto it = std::lower_bound(files_.begin(), files_.end(), file);
  if (it == files_.end() || *it != file) return nullptr;
  return &nodes_[static_cast<std::size_t>(it - files_.begin())];
}

std::uint32_t FileTable::find_created_child(std::uint32_t df, std::uint16_t fid) const {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].parent == df && nodes_[i].fid == fid) return files_[i];
  }
  return kNoFile;
}

std::optional<std::uint32_t> FileTable::free_slot() const {
  for (std::uint32_t s = 0; s < area_.slots; ++s) {
    if (header_[area_.bitmap_bytes + s] != CreatedArea::kSlotUsed) return s;
  }
  return std::nullopt;
}

std::vector<FileTable::Extent> FileTable::extents() const {
  std::vector<Extent> out;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const FileNode& f = nodes_[i];
    const std::uint32_t len = f.type == FileType::ADF ? static_cast<std::uint32_t>(f.aid.size()) : f.size;
    if (f.type == FileType::DF || len == 0) continue;
    out.push_back({f.body_addr, f.body_addr + len, files_[i]});
  }
  std::sort(out.begin(), out.end(), [](const Extent& a, const Extent& b) { return a.start < b.start; });
  return out;
}

std::optional<std::uint32_t> FileTable::allocate(std::uint32_t n) const {
  std::uint32_t at = area_.heap;
  for (const Extent& e : extents()) {
    if (e.start >= at && e.start - at >= n) return at;
    at = std::max(at, e.end);
  }
  if (at <= area_.heap_end && area_.heap_end - at >= n) return at;
  return std::nullopt;
}

std::uint32_t FileTable::room_after(std::uint32_t file) const {
  const std::vector<Extent> ext = extents();
  const FileNode* f = created(file);
  if (!f) return 0;
  const std::uint32_t end = f->body_addr + f->size;
  std::uint32_t limit = area_.heap_end;
  for (const Extent& e : ext) {
    if (e.file == file) continue;
    if (e.end > end && e.start < limit) limit = std::max(e.start, end);
  }
  return end <= limit ? limit - end : 0;
}

std::uint32_t FileTable::free_bytes() const {
  std::uint32_t used = 0;
  std::uint32_t at = area_.heap;
  for (const Extent& e : extents()) {
    const std::uint32_t from = std::max(at, e.start);
    if (e.end > from) used += e.end - from;
    at = std::max(at, e.end);
  }
  return area_.heap_end - area_.heap - used;
}

std::size_t FileTable::bytes() const {
  std::size_t n = sizeof(FileTable) + header_.capacity() + deleted_.capacity() +
                  files_.capacity() * sizeof(std::uint32_t) + nodes_.capacity() * sizeof(FileNode);
  for (const FileNode& f : nodes_) n += f.aid.capacity() + f.children.capacity() * sizeof(std::uint32_t);
  return n;
}

}  // namespace cardcore
