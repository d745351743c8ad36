#include "cardcore/gp/registry.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "cardcore/card/uicc.hpp"

namespace cardcore::gp {

namespace {

const FileNode* registry_ef(const Uicc& card) {
  const auto& gp = card.profile().gp;
  return gp ? &card.node(gp->registry) : nullptr;
}

}  // namespace

std::uint32_t registry_capacity(const Uicc& card) {
  const FileNode* f = registry_ef(card);
  return f ? f->record_count : 0;
}

std::uint32_t heap_size(const Uicc& card) {
  const auto& gp = card.profile().gp;
  return gp ? card.node(gp->heap).size : 0;
}

std::vector<Slot> read_registry(const Uicc& card) {
  std::vector<Slot> out;
  const FileNode* f = registry_ef(card);
  if (!f) return out;
  std::array<std::uint8_t, kRecordSize> r;
  for (std::uint32_t n = 0; n < f->record_count; ++n) {
    card.nvm().read(f->body_addr + n * f->record_length, r);
    std::optional<RegistryEntry> e = decode_record(r);
    if (e) out.push_back({static_cast<std::uint8_t>(n + 1), std::move(*e)});
  }
  return out;
}

std::optional<std::uint8_t> free_slot(const Uicc& card, const std::vector<Slot>& used) {
  const std::uint32_t n = registry_capacity(card);
  for (std::uint32_t r = 1; r <= n; ++r) {
    if (!find_record(used, static_cast<std::uint8_t>(r))) return static_cast<std::uint8_t>(r);
  }
  return std::nullopt;
}

namespace {

// The reservations of the load files, sorted by offset.
std::vector<std::pair<std::uint32_t, std::uint32_t>> reservations(const std::vector<Slot>& used) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> r;
  for (const Slot& s : used) {
    if (s.entry.kind == EntryKind::LoadFile && s.entry.load_file.heap_size > 0) {
      r.emplace_back(s.entry.load_file.heap_offset, s.entry.load_file.heap_size);
    }
  }
  std::sort(r.begin(), r.end());
  return r;
}

}  // namespace

std::optional<std::uint16_t> allocate_heap(const Uicc& card, const std::vector<Slot>& used, std::uint32_t size) {
  const std::uint32_t end = heap_size(card);
  if (size == 0 || size > end) return std::nullopt;
  std::uint32_t at = 0;
  for (const auto& [offset, length] : reservations(used)) {
    if (offset >= at + size) break;
    at = std::max(at, offset + length);
  }
  if (at + size > end) return std::nullopt;
  return static_cast<std::uint16_t>(at);
}

std::uint32_t free_heap(const Uicc& card, const std::vector<Slot>& used) {
  std::uint32_t taken = 0;
  for (const auto& r : reservations(used)) taken += r.second;
  const std::uint32_t size = heap_size(card);
  return taken >= size ? 0 : size - taken;
}

const Slot* find_aid(const std::vector<Slot>& used, ByteView aid) {
  for (const Slot& s : used) {
    if (std::equal(s.entry.aid.begin(), s.entry.aid.end(), aid.begin(), aid.end())) return &s;
  }
  return nullptr;
}

const Slot* find_record(const std::vector<Slot>& used, std::uint8_t record) {
  for (const Slot& s : used) {
    if (s.record == record) return &s;
  }
  return nullptr;
}

const Slot* application_with_tar(const std::vector<Slot>& used, const ota::Tar& tar) {
  for (const Slot& s : used) {
    if (s.entry.kind != EntryKind::Application) continue;
    const auto& tars = s.entry.application.tars;
    if (std::find(tars.begin(), tars.end(), tar) != tars.end()) return &s;
  }
  return nullptr;
}

const Bytes* module_of(const std::vector<Slot>& used, const Slot& app) {
  const Slot* elf = find_record(used, app.entry.application.load_file_record);
  if (!elf || elf->entry.kind != EntryKind::LoadFile) return nullptr;
  const auto& modules = elf->entry.load_file.modules;
  if (app.entry.application.module_index >= modules.size()) return nullptr;
  return &modules[app.entry.application.module_index];
}

void stage_entry(Uicc& card, std::uint8_t record, const RegistryEntry& entry) {
  const FileNode& f = *registry_ef(card);
  card.nvm().write(f.body_addr + (record - 1u) * f.record_length, encode_record(entry));
}

void stage_free(Uicc& card, std::uint8_t record) {
  const FileNode& f = *registry_ef(card);
  card.nvm().write(f.body_addr + (record - 1u) * f.record_length, free_record());
}

void stage_heap(Uicc& card, std::uint16_t offset, ByteView data) {
  const FileNode& f = card.node(card.profile().gp->heap);
  card.nvm().write(f.body_addr + offset, data);
}

Bytes read_heap(const Uicc& card, std::uint16_t offset, std::uint16_t size) {
  const FileNode& f = card.node(card.profile().gp->heap);
  Bytes out(size);
  card.nvm().read(f.body_addr + offset, out);
  return out;
}

}  // namespace cardcore::gp
