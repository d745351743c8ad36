#pragma once
// The card's GlobalPlatform registry in its NVM (GP Card Specification v2.3
// §5.1): the entries of the registry EF and the heap EF that holds load
// files, as the profile's [gp] section names them. Reads see staged writes;
// the stage_* functions write inside the caller's NVM transaction.
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/gp/registry_record.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::gp {

struct Slot {
  std::uint8_t record = 0;  // 1..
  RegistryEntry entry;
};

// Used, readable entries in record order; empty for a card without [gp].
std::vector<Slot> read_registry(const Uicc& card);
// Number of records of the registry EF (0 without [gp]).
std::uint32_t registry_capacity(const Uicc& card);
std::uint32_t heap_size(const Uicc& card);

// The first record neither used nor holding a readable entry.
std::optional<std::uint8_t> free_slot(const Uicc& card, const std::vector<Slot>& used);
// First fit of `size` bytes in the heap between the load files' reservations.
std::optional<std::uint16_t> allocate_heap(const Uicc& card, const std::vector<Slot>& used, std::uint32_t size);
// Heap bytes no load file holds.
std::uint32_t free_heap(const Uicc& card, const std::vector<Slot>& used);

const Slot* find_aid(const std::vector<Slot>& used, ByteView aid);
const Slot* find_record(const std::vector<Slot>& used, std::uint8_t record);
// The application instance one of whose TARs is `tar` (any life cycle).
const Slot* application_with_tar(const std::vector<Slot>& used, const ota::Tar& tar);
// The executable module of an application entry; nullptr when its load file
// or module is gone (a damaged registry).
const Bytes* module_of(const std::vector<Slot>& used, const Slot& application);

void stage_entry(Uicc& card, std::uint8_t record, const RegistryEntry& entry);
void stage_free(Uicc& card, std::uint8_t record);
void stage_heap(Uicc& card, std::uint16_t offset, ByteView data);
Bytes read_heap(const Uicc& card, std::uint16_t offset, std::uint16_t size);

}  // namespace cardcore::gp
