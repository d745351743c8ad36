#pragma once
// Private to the NVM model: the layout of a card's delta block (Nvm::delta_;
// README.md, "Per-card delta"). Page records {u32 page, u32 erase count,
// page_size bytes}, sorted by page, then erased journal page records
// {u32 page, u32 erase count}, sorted by page. The integers are
// native-endian (memcpy): they never leave the process (checkpoints write
// them little-endian, nvm_state.cpp).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cardcore::delta {

inline constexpr std::size_t kEraseOffset = 4;   // the erase count in either record
inline constexpr std::size_t kHeaderSize = 8;    // a page record's bytes start here
inline constexpr std::size_t kErasedRecord = 8;  // an erased journal page's record
// A page record commit() added ahead of the page's first program
// (Nvm::add_records) carries this bit in its erase count until the
// program; no reserved record outlives the commit. Erase counts stay below
// it (checkpoints with a larger one are refused).
inline constexpr std::uint32_t kReserved = 0x80000000u;

inline std::uint32_t page_of(const std::uint8_t* rec) {
  std::uint32_t v;
  std::memcpy(&v, rec, 4);
  return v;
}
inline std::uint32_t erase_count_of(const std::uint8_t* rec) {
  std::uint32_t v;
  std::memcpy(&v, rec + kEraseOffset, 4);
  return v & ~kReserved;
}
inline bool reserved(const std::uint8_t* rec) {
  std::uint32_t v;
  std::memcpy(&v, rec + kEraseOffset, 4);
  return (v & kReserved) != 0;
}
inline void put_header(std::uint8_t* rec, std::uint32_t page, std::uint32_t erase_count) {
  std::memcpy(rec, &page, 4);
  std::memcpy(rec + kEraseOffset, &erase_count, 4);
}

}  // namespace cardcore::delta
