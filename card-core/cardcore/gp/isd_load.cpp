// LOAD (GP Card Specification v2.3 §11.6): the blocks of a Load File after
// INSTALL [for load]. The first block opens the Load File Data Block TLV
// 'C4', whose length reserves the heap; each block is written to the NVM
// in its own transaction; the last is checked and the file registered with
// its executable modules (load_file.hpp).
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/load_file.hpp"
#include "cardcore/tlv/length.hpp"

namespace cardcore::gp {

namespace {

constexpr std::uint8_t kLastBlock = 0x80;  // §11.6.2.1, P1 b8
constexpr std::uint8_t kLoadFileDataBlock = 0xC4;
constexpr std::uint8_t kDapBlock = 0xE2;

// Ends a failed load: the entry and its reservation go (our choice; §11.6
// leaves the card to discard a load that cannot complete).
StatusWord drop(Uicc& card, std::uint8_t record, StatusWord why) {
  if (card.nvm().in_transaction()) card.nvm().abort();
  card.nvm().begin();
  stage_free(card, record);
  const StatusWord s = commit_registry(card);
  return s == sw::kOk ? why : s;
}

}  // namespace

StatusWord isd_load(Uicc& card, const CommandApdu& c, Bytes& out) {
  if ((c.p1 & 0x7F) != 0) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  const std::vector<Slot> used = read_registry(card);
  const Slot* loading = nullptr;
  for (const Slot& s : used) {
    if (s.entry.kind == EntryKind::LoadFile && s.entry.life_cycle == life_cycle::kLoading) loading = &s;
  }
  // §11.6.1: LOAD follows a successful INSTALL [for load].
  if (!loading) return sw::kConditionsNotSatisfied;
  RegistryEntry e = loading->entry;
  LoadFileEntry& f = e.load_file;
  // §11.6.2.1: blocks are numbered '00' up, one after the other.
  if (c.p2 != f.next_block) return drop(card, loading->record, sw::kIncorrectP1P2);

  if (f.next_block == 0) {
    // The first block opens 'C4' (a DAP block 'E2' would come first: no
    // Security Domain of this card has DAP verification, so it is refused).
    if (c.data.empty() || c.data[0] == kDapBlock || c.data[0] != kLoadFileDataBlock) {
      return drop(card, loading->record, sw::kIncorrectData);
    }
    const tlv::Result<tlv::Length> length = tlv::read_length(c.data.subspan(1));
    if (!length.ok()) return drop(card, loading->record, sw::kIncorrectData);
    const std::size_t total = 1 + length.value.header + length.value.value;
    if (total > 0xFFFF) return drop(card, loading->record, sw::kNotEnoughMemory);
    const std::optional<std::uint16_t> at = allocate_heap(card, used, static_cast<std::uint32_t>(total));
    if (!at) return drop(card, loading->record, sw::kNotEnoughMemory);
    f.heap_offset = *at;
    f.heap_size = static_cast<std::uint16_t>(total);
  }
  if (c.data.size() > static_cast<std::size_t>(f.heap_size - f.received)) {
    return drop(card, loading->record, sw::kIncorrectData);  // more than 'C4' announced
  }
  const bool last = (c.p1 & kLastBlock) != 0;
  card.nvm().begin();
  stage_heap(card, static_cast<std::uint16_t>(f.heap_offset + f.received), c.data);
  f.received = static_cast<std::uint16_t>(f.received + c.data.size());
  ++f.next_block;
  if (last) {
    if (f.received != f.heap_size) {
      card.nvm().abort();
      return drop(card, loading->record, sw::kIncorrectData);
    }
    const Bytes block = read_heap(card, f.heap_offset, f.heap_size);  // sees the staged bytes
    const std::size_t header = 1 + tlv::read_length(ByteView(block).subspan(1)).value.header;
    const LoadFileResult parsed = parse_load_file(ByteView(block).subspan(header));
    // The package must be the one INSTALL [for load] announced.
    if (!parsed.contents || parsed.contents->package_aid != e.aid ||
        parsed.contents->applet_aids.size() > kMaxModules) {
      card.nvm().abort();
      return drop(card, loading->record, sw::kIncorrectData);
    }
    f.modules = parsed.contents->applet_aids;
    e.life_cycle = life_cycle::kLoaded;
  } else if (f.next_block == 0) {
    card.nvm().abort();  // block 255 was not the last: no block number is left
    return drop(card, loading->record, sw::kIncorrectP1P2);
  }
  stage_entry(card, loading->record, e);
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);  // §11.6.3: no additional data
  return s;
}

}  // namespace cardcore::gp
