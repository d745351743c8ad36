// Nvm: saving and parsing the persistent state for checkpoints. Layout:
// card/STATE-FORMAT.md, "NVM section".
#include <cstring>
#include <string>

#include "cardcore/nvm/delta_format.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore {

namespace {

void expect_equal(std::uint32_t saved, std::uint32_t own, const char* what) {
  if (saved != own) {
    state::fail(std::string(what) + " " + std::to_string(saved) + " is not this card's " + std::to_string(own));
  }
}

// The model's erase counts stay below 2^31 (delta::kReserved marks a record
// inside a commit).
void check_erase_count(std::uint32_t n) {
  if (n >= delta::kReserved) state::fail("NVM erase count " + std::to_string(n) + " is out of range (below 2^31)");
}

}  // namespace

void Nvm::save_state(std::vector<std::uint8_t>& out) const {
  if (stage_) throw std::logic_error("Nvm::save_state inside a transaction");
  const std::uint32_t ps = image_->page_size();
  state::put_u32(out, ps);
  state::put_u32(out, size());
  state::put_u32(out, data_page_count());
  state::put_u32(out, journal_page_count());
  state::put_u32(out, image_->crc());
  state::put_u64(out, program_count_);
  state::put_u32(out, delta_count_);
  out.reserve(out.size() + std::size_t{delta_count_} * record_stride());
  // The delta's integers are native-endian; the saved form is little-endian.
  for (std::uint32_t i = 0; i < delta_count_; ++i) {
    const std::uint8_t* rec = delta_.get() + std::size_t{i} * record_stride();
    state::put_u32(out, delta::page_of(rec));
    state::put_u32(out, delta::erase_count_of(rec));
    state::put_bytes(out, std::span(rec + delta::kHeaderSize, ps));
  }
  // The journal pages that read as erased (card state version 5).
  state::put_u32(out, erased_count_);
  const std::uint8_t* erased = delta_.get() + std::size_t{delta_count_} * record_stride();
  for (std::uint32_t i = 0; i < erased_count_; ++i) {
    const std::uint8_t* rec = erased + i * delta::kErasedRecord;
    state::put_u32(out, delta::page_of(rec));
    state::put_u32(out, delta::erase_count_of(rec));
  }
}

Nvm Nvm::parse_state(state::Reader& in) const {
  // The geometry first: the delta means nothing over another image.
  expect_equal(in.u32("NVM page size"), image_->page_size(), "NVM page size");
  expect_equal(in.u32("NVM data size"), size(), "NVM data size");
  expect_equal(in.u32("NVM data page count"), data_page_count(), "NVM data page count");
  expect_equal(in.u32("NVM journal page count"), journal_page_count(), "NVM journal page count");
  if (const std::uint32_t crc = in.u32("NVM image CRC"); crc != image_->crc()) {
    state::fail("NVM image CRC " + std::to_string(crc) + " is not this card's profile image's " +
                std::to_string(image_->crc()));
  }
  const std::uint64_t programs = in.u64("NVM program count");
  const std::uint32_t count = in.u32("NVM page record count");
  if (count > page_count()) {
    state::fail("NVM page record count " + std::to_string(count) + " exceeds the " + std::to_string(page_count()) +
                " pages");
  }
  const std::size_t stride = record_stride();
  in.need(std::size_t{count} * stride, "NVM page records");

  Nvm out(image_);
  out.hook_ = hook_;  // the environment's, not part of the state
  // The records, then the erased journal pages': read into one block.
  std::vector<std::uint8_t> block(std::size_t{count} * stride);
  std::uint64_t erases = 0;
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t page = in.u32("NVM page index");
    if (page >= page_count()) {
      state::fail("NVM page index " + std::to_string(page) + " out of range (" + std::to_string(page_count()) +
                  " pages)");
    }
    if (i != 0 && page <= previous) {
      state::fail("NVM page " + std::to_string(page) + " after page " + std::to_string(previous) +
                  ": records not strictly ascending");
    }
    previous = page;
    // Each program adds 1 to one page's count and to the program count, and
    // a page gets its record at its first program — or, a data page only,
    // when it loses charge before any (lose_charge()).
    const std::uint32_t erase_count = in.u32("NVM erase count");
    check_erase_count(erase_count);
    if (erase_count == 0 && page >= data_page_count())
      state::fail("NVM journal page " + std::to_string(page) + " stored with erase count 0");
    erases += erase_count;
    std::uint8_t* rec = block.data() + std::size_t{i} * stride;
    delta::put_header(rec, page, erase_count);
    const ByteView data = in.bytes(image_->page_size(), "NVM page data");
    std::memcpy(rec + delta::kHeaderSize, data.data(), data.size());
  }
  const std::uint32_t erased = in.u32("NVM erased journal page count");
  if (erased > journal_page_count()) {
    state::fail("NVM erased journal page count " + std::to_string(erased) + " exceeds the " +
                std::to_string(journal_page_count()) + " journal pages");
  }
  in.need(std::size_t{erased} * delta::kErasedRecord, "NVM erased journal pages");
  for (std::uint32_t i = 0; i < erased; ++i) {
    const std::uint32_t page = in.u32("NVM erased journal page index");
    if (page < data_page_count() || page >= page_count()) {
      state::fail("NVM erased journal page " + std::to_string(page) + " is not a journal page (pages " +
                  std::to_string(data_page_count()) + ".." + std::to_string(page_count() - 1) + ")");
    }
    if (i != 0 && page <= previous) {
      state::fail("NVM erased journal page " + std::to_string(page) + " after page " + std::to_string(previous) +
                  ": not strictly ascending");
    }
    for (std::uint32_t k = 0; k < count; ++k) {
      if (delta::page_of(block.data() + std::size_t{k} * stride) == page)
        state::fail("NVM journal page " + std::to_string(page) + " both stored and erased");
    }
    previous = page;
    const std::uint32_t erase_count = in.u32("NVM erase count");
    check_erase_count(erase_count);
    if (erase_count == 0) state::fail("NVM erased journal page " + std::to_string(page) + " with erase count 0");
    erases += erase_count;
    const std::size_t at = block.size();
    block.resize(at + delta::kErasedRecord);
    delta::put_header(block.data() + at, page, erase_count);
  }
  if (!block.empty()) {
    out.delta_ = std::make_unique_for_overwrite<std::uint8_t[]>(block.size());
    std::memcpy(out.delta_.get(), block.data(), block.size());
  }
  if (erases != programs) {
    state::fail("NVM program count " + std::to_string(programs) + " is not the sum of the erase counts, " +
                std::to_string(erases));
  }
  out.delta_count_ = count;
  out.erased_count_ = static_cast<std::uint16_t>(erased);
  out.program_count_ = programs;
  return out;
}

}  // namespace cardcore
