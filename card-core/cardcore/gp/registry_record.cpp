#include "cardcore/gp/registry_record.hpp"

#include <algorithm>
#include <stdexcept>

namespace cardcore::gp {

namespace {

// Field offsets (the table in registry_record.hpp).
constexpr std::size_t kKind = 0, kLifeCycle = 1, kPrivileges = 2, kAidLength = 3, kAid = 4;
constexpr std::size_t kHeapOffset = 20, kHeapSize = 22, kReceived = 24, kNextBlock = 26, kModuleCount = 27,
                      kModules = 28, kModuleSlot = 1 + kMaxAid;
constexpr std::size_t kElfRecord = 20, kModuleIndex = 21, kMsl = 22, kTarCount = 23, kTars = 24,
                      kAccessDomainLength = 36, kAccessDomain = 37, kParamsLength = 45, kParams = 46;
static_assert(kModules + kMaxModules * kModuleSlot <= kRecordSize);
static_assert(kParams + kMaxAppParams == kRecordSize);

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
void put_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
bool aid_length_ok(std::size_t n) { return n >= kMinAid && n <= kMaxAid; }

}  // namespace

std::array<std::uint8_t, kRecordSize> free_record() {
  std::array<std::uint8_t, kRecordSize> r;
  r.fill(0xFF);
  return r;
}

std::optional<RegistryEntry> decode_record(std::span<const std::uint8_t, kRecordSize> r) {
  RegistryEntry e;
  const std::uint8_t kind = r[kKind];
  if (kind != static_cast<std::uint8_t>(EntryKind::LoadFile) && kind != static_cast<std::uint8_t>(EntryKind::Application)) {
    return std::nullopt;
  }
  e.kind = static_cast<EntryKind>(kind);
  e.life_cycle = r[kLifeCycle];
  e.privileges = r[kPrivileges];
  if (!aid_length_ok(r[kAidLength])) return std::nullopt;
  e.aid.assign(r.begin() + kAid, r.begin() + kAid + r[kAidLength]);
  if (e.kind == EntryKind::LoadFile) {
    LoadFileEntry& f = e.load_file;
    f.heap_offset = be16(&r[kHeapOffset]);
    f.heap_size = be16(&r[kHeapSize]);
    f.received = be16(&r[kReceived]);
    f.next_block = r[kNextBlock];
    if (f.received > f.heap_size || r[kModuleCount] > kMaxModules) return std::nullopt;
    for (std::size_t m = 0; m < r[kModuleCount]; ++m) {
      const std::size_t at = kModules + m * kModuleSlot;
      if (!aid_length_ok(r[at])) return std::nullopt;
      f.modules.emplace_back(r.begin() + at + 1, r.begin() + at + 1 + r[at]);
    }
    return e;
  }
  ApplicationEntry& a = e.application;
  a.load_file_record = r[kElfRecord];
  a.module_index = r[kModuleIndex];
  a.msl = r[kMsl];
  if (a.load_file_record == 0 || a.module_index >= kMaxModules || r[kTarCount] > kMaxTars ||
      r[kAccessDomainLength] > kMaxAccessDomain || r[kParamsLength] > kMaxAppParams) {
    return std::nullopt;
  }
  for (std::size_t t = 0; t < r[kTarCount]; ++t) {
    ota::Tar tar;
    std::copy_n(r.begin() + kTars + 3 * t, 3, tar.begin());
    a.tars.push_back(tar);
  }
  a.access_domain.assign(r.begin() + kAccessDomain, r.begin() + kAccessDomain + r[kAccessDomainLength]);
  a.app_params.assign(r.begin() + kParams, r.begin() + kParams + r[kParamsLength]);
  return e;
}

std::array<std::uint8_t, kRecordSize> encode_record(const RegistryEntry& e) {
  if (e.kind == EntryKind::Free) return free_record();
  if (!aid_length_ok(e.aid.size())) throw std::invalid_argument("gp registry: AID of " + std::to_string(e.aid.size()) + " bytes");
  std::array<std::uint8_t, kRecordSize> r = free_record();
  r[kKind] = static_cast<std::uint8_t>(e.kind);
  r[kLifeCycle] = e.life_cycle;
  r[kPrivileges] = e.privileges;
  r[kAidLength] = static_cast<std::uint8_t>(e.aid.size());
  std::copy(e.aid.begin(), e.aid.end(), r.begin() + kAid);
  if (e.kind == EntryKind::LoadFile) {
    const LoadFileEntry& f = e.load_file;
    if (f.modules.size() > kMaxModules) throw std::invalid_argument("gp registry: more than 4 executable modules");
    if (f.received > f.heap_size) throw std::invalid_argument("gp registry: more received than reserved");
    put_be16(&r[kHeapOffset], f.heap_offset);
    put_be16(&r[kHeapSize], f.heap_size);
    put_be16(&r[kReceived], f.received);
    r[kNextBlock] = f.next_block;
    r[kModuleCount] = static_cast<std::uint8_t>(f.modules.size());
    for (std::size_t m = 0; m < f.modules.size(); ++m) {
      if (!aid_length_ok(f.modules[m].size())) throw std::invalid_argument("gp registry: module AID length");
      const std::size_t at = kModules + m * kModuleSlot;
      r[at] = static_cast<std::uint8_t>(f.modules[m].size());
      std::copy(f.modules[m].begin(), f.modules[m].end(), r.begin() + at + 1);
    }
    return r;
  }
  const ApplicationEntry& a = e.application;
  if (a.load_file_record == 0 || a.module_index >= kMaxModules || a.tars.size() > kMaxTars ||
      a.access_domain.size() > kMaxAccessDomain || a.app_params.size() > kMaxAppParams) {
    throw std::invalid_argument("gp registry: application fields out of range");
  }
  r[kElfRecord] = a.load_file_record;
  r[kModuleIndex] = a.module_index;
  r[kMsl] = a.msl;
  r[kTarCount] = static_cast<std::uint8_t>(a.tars.size());
  for (std::size_t t = 0; t < a.tars.size(); ++t) std::copy(a.tars[t].begin(), a.tars[t].end(), r.begin() + kTars + 3 * t);
  r[kAccessDomainLength] = static_cast<std::uint8_t>(a.access_domain.size());
  std::copy(a.access_domain.begin(), a.access_domain.end(), r.begin() + kAccessDomain);
  r[kParamsLength] = static_cast<std::uint8_t>(a.app_params.size());
  std::copy(a.app_params.begin(), a.app_params.end(), r.begin() + kParams);
  return r;
}

}  // namespace cardcore::gp
