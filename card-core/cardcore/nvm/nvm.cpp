// Nvm: the per-card delta store, reads and transaction staging. Programming,
// commit and recovery are in nvm_commit.cpp.
#include "cardcore/nvm/nvm.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "cardcore/nvm/delta_format.hpp"
#include "cardcore/nvm/journal_format.hpp"

namespace cardcore {

namespace {

[[noreturn]] void throw_range(const char* what, std::uint64_t addr, std::uint64_t len, std::uint32_t size) {
  throw std::out_of_range(std::string("Nvm::") + what + ": [" + std::to_string(addr) + ", +" +
                          std::to_string(len) + ") outside [0, " + std::to_string(size) + ")");
}

// The staging buffer's largest size (J x page_size < the image's journal
// bytes + page_size), so write() can merge on the stack.
constexpr std::uint32_t kMaxJournalBytes = NvmImage::kMaxJournalBytes + NvmImage::kMaxPageSize - 1;

}  // namespace

// 16 (shared_ptr) + 8 + 8 (unique_ptr) + 8 (hook) + 8 + 4 + 4 + 2 + 2 + 2, padded.
static_assert(sizeof(void*) != 8 || sizeof(Nvm) == 64, "README.md documents sizeof(Nvm) == 64");

Nvm::Nvm(std::shared_ptr<const NvmImage> image) : image_(std::move(image)) {
  if (!image_) throw std::invalid_argument("Nvm: null image");
}

Nvm::Nvm(const Nvm& other)
    : image_(other.image_),
      hook_(other.hook_),
      program_count_(other.program_count_),
      delta_count_(other.delta_count_),
      power_loss_in_(other.power_loss_in_),
      stage_len_(other.stage_len_),
      stage_cap_(other.stage_cap_),
      erased_count_(other.erased_count_) {
  if (const std::size_t bytes = delta_size(); bytes != 0) {
    delta_ = std::make_unique_for_overwrite<std::uint8_t[]>(bytes);
    std::memcpy(delta_.get(), other.delta_.get(), bytes);
  }
  if (other.stage_) {
    stage_ = std::make_unique_for_overwrite<std::uint8_t[]>(stage_cap_);
    std::memcpy(stage_.get(), other.stage_.get(), stage_len_);  // the rest is unused
  }
}

Nvm& Nvm::operator=(const Nvm& other) {
  if (this != &other) *this = Nvm(other);
  return *this;
}

const NvmImage& Nvm::image() const { return *image_; }
std::uint32_t Nvm::size() const { return image_->data_size(); }

std::size_t Nvm::record_stride() const { return delta::kHeaderSize + image_->page_size(); }
std::size_t Nvm::delta_size() const {
  return std::size_t{delta_count_} * record_stride() + std::size_t{erased_count_} * delta::kErasedRecord;
}

std::uint32_t Nvm::data_page_count() const { return image_->page_count(); }
std::uint32_t Nvm::journal_page_count() const { return image_->journal_page_count(); }
std::uint32_t Nvm::page_count() const { return data_page_count() + journal_page_count(); }
std::uint32_t Nvm::journal_capacity() const {
  return journal_page_count() * image_->page_size() - journal::kHeaderSize;
}

// Binary search over the sorted fixed-stride records. A card dirties a
// handful of pages, so this is a few compares on one cache-friendly block;
// without a branch on each compare (a conditional move), whose outcome the
// processor could not guess.
const std::uint8_t* Nvm::find_record(std::uint32_t page) const {
  std::size_t n = delta_count_;
  if (n == 0) return nullptr;
  const std::size_t stride = record_stride();
  const std::uint8_t* base = delta_.get();
  // The last record whose page is at most `page` (or the first one).
  while (n > 1) {
    const std::size_t half = n / 2;
    const std::uint8_t* mid = base + half * stride;
    base = delta::page_of(mid) <= page ? mid : base;
    n -= half;
  }
  return delta::page_of(base) == page ? base : nullptr;
}

// The record of a journal page that reads as erased, or null.
const std::uint8_t* Nvm::find_erased(std::uint32_t page) const {
  const std::uint8_t* base = delta_.get() + std::size_t{delta_count_} * record_stride();
  for (std::uint32_t i = 0; i < erased_count_; ++i) {
    const std::uint32_t p = delta::page_of(base + i * delta::kErasedRecord);
    if (p == page) return base + i * delta::kErasedRecord;
    if (p > page) break;
  }
  return nullptr;
}

// Adds the copy-on-write record of a page on its first program (or, for a
// journal page that reads as erased, its next one: the page's content
// comes back with its erase count). The block is reallocated to the exact
// new size (a card dirties few pages, rarely, so exactness beats amortised
// growth for RAM).
std::uint8_t* Nvm::find_or_add_record(std::uint32_t page) {
  if (const std::uint8_t* rec = find_record(page)) return const_cast<std::uint8_t*>(rec);
  add_records(std::span(&page, 1), false);
  return const_cast<std::uint8_t*>(find_record(page));
}

// After a journal clear that succeeded: j0 is erased, so no continuation
// page j1.. is read again before commit() programs it anew (the string a
// new j0 points to is programmed first). Each continuation page's record
// gives way to an erased one, its content read as erased, its erase count
// kept: a card keeps 8 bytes a page instead of 8 + page_size. j0 keeps its
// record (erased content): every transaction programs it twice, and
// trading its record back and forth would cost two reallocations a commit.
void Nvm::erase_journal_records() {
  const std::size_t stride = record_stride();
  const std::uint32_t j1 = data_page_count() + 1;
  // Records are sorted: usually the last is j0's or a data page's.
  if (delta_count_ == 0 || delta::page_of(delta_.get() + (delta_count_ - 1) * stride) < j1) return;
  std::uint32_t keep = delta_count_ - 1;  // the data pages' and j0's records come first
  while (keep > 0 && delta::page_of(delta_.get() + (keep - 1) * stride) >= j1) --keep;
  const std::uint32_t moved = delta_count_ - keep;
  const std::uint32_t erased = erased_count_ + moved;
  auto shrunk = std::make_unique_for_overwrite<std::uint8_t[]>(keep * stride + std::size_t{erased} * delta::kErasedRecord);
  std::memcpy(shrunk.get(), delta_.get(), keep * stride);
  // Merge the moved pages with the erased ones, both ascending.
  const std::uint8_t* full = delta_.get() + keep * stride;
  const std::uint8_t* full_end = delta_.get() + std::size_t{delta_count_} * stride;
  const std::uint8_t* old = full_end;
  const std::uint8_t* old_end = full_end + std::size_t{erased_count_} * delta::kErasedRecord;
  std::uint8_t* out = shrunk.get() + keep * stride;
  while (full != full_end || old != old_end) {
    if (old == old_end || (full != full_end && delta::page_of(full) < delta::page_of(old))) {
      std::memcpy(out, full, delta::kErasedRecord);  // its page and erase count
      full += stride;
    } else {
      std::memcpy(out, old, delta::kErasedRecord);
      old += delta::kErasedRecord;
    }
    out += delta::kErasedRecord;
  }
  delta_ = std::move(shrunk);
  delta_count_ = keep;
  erased_count_ = static_cast<std::uint16_t>(erased);
}

// The data pages the runs of a sealed journal string touch, then its
// journal pages j0..: those without a record, ascending.
std::vector<std::uint32_t> Nvm::pages_without_record(const std::uint8_t* journal, std::uint32_t len,
                                                     std::uint32_t journal_pages) const {
  std::vector<std::uint32_t> missing;
  std::uint32_t last = 0xFFFFFFFF;
  auto note = [&](std::uint32_t page) {
    if (page != last && !find_record(page)) missing.push_back(page);
    last = page;
  };
  for (std::uint32_t pos = journal::kHeaderSize; pos < len;) {
    const journal::Run run = journal::run_at(journal, pos);
    pos += run.stored_size();
    for (std::uint32_t page = image_->page_of(run.addr); page <= image_->page_of(run.end() - 1); ++page) note(page);
  }
  const std::uint32_t j0 = data_page_count();
  for (std::uint32_t k = 0; k < journal_pages; ++k) note(j0 + k);
  return missing;
}

// Adds a record for each of these pages (ascending, none with a record):
// its current content and erase count (an erased journal page's record
// gives way to it), in one exact-size block; marked reserved for commit()'s
// pages until their program.
void Nvm::add_records(std::span<const std::uint32_t> pages, bool reserved) {
  const std::size_t stride = record_stride();
  const std::uint8_t* old = delta_.get();
  const std::uint8_t* old_erased = old + std::size_t{delta_count_} * stride;
  std::size_t taken = 0;  // erased records that give way
  for (std::uint32_t p : pages) taken += p >= data_page_count() && find_erased(p) != nullptr;
  const std::size_t count = delta_count_ + pages.size();
  const std::size_t erased = erased_count_ - taken;
  auto grown = std::make_unique_for_overwrite<std::uint8_t[]>(count * stride + erased * delta::kErasedRecord);
  std::uint8_t* out = grown.get();
  std::size_t i = 0;  // old records
  for (std::uint32_t p : pages) {
    for (; i < delta_count_ && delta::page_of(old + i * stride) < p; ++i, out += stride) std::memcpy(out, old + i * stride, stride);
    const std::uint8_t* e = p >= data_page_count() ? find_erased(p) : nullptr;
    delta::put_header(out, p, (e ? delta::erase_count_of(e) : 0) | (reserved ? delta::kReserved : 0));
    std::memcpy(out + delta::kHeaderSize, page_content(p), image_->page_size());  // from the old block: safe
    out += stride;
  }
  for (; i < delta_count_; ++i, out += stride) std::memcpy(out, old + i * stride, stride);
  for (std::size_t k = 0; k < erased_count_; ++k) {
    const std::uint8_t* e = old_erased + k * delta::kErasedRecord;
    if (std::binary_search(pages.begin(), pages.end(), delta::page_of(e))) continue;
    std::memcpy(out, e, delta::kErasedRecord);
    out += delta::kErasedRecord;
  }
  delta_ = std::move(grown);
  delta_count_ = static_cast<std::uint32_t>(count);
  erased_count_ = static_cast<std::uint16_t>(erased);
}

// Takes out the records of these pages still reserved: never programmed.
// An erased journal page's record comes back (its erase count is not 0:
// a page reads as erased only after a program).
void Nvm::drop_reserved(std::span<const std::uint32_t> pages) {
  std::size_t dropped = 0;
  std::size_t restored = 0;
  for (std::uint32_t p : pages) {
    const std::uint8_t* rec = find_record(p);
    if (rec && delta::reserved(rec)) {
      ++dropped;
      restored += delta::erase_count_of(rec) != 0;
    }
  }
  if (dropped == 0) return;
  const std::size_t stride = record_stride();
  const std::uint8_t* old = delta_.get();
  const std::size_t count = delta_count_ - dropped;
  const std::size_t erased = erased_count_ + restored;
  std::unique_ptr<std::uint8_t[]> kept;
  if (count * stride + erased * delta::kErasedRecord != 0)
    kept = std::make_unique_for_overwrite<std::uint8_t[]>(count * stride + erased * delta::kErasedRecord);
  std::uint8_t* out = kept.get();
  std::vector<std::uint8_t> back;  // the erased records that come back, ascending
  for (std::size_t i = 0; i < delta_count_; ++i) {
    const std::uint8_t* rec = old + i * stride;
    if (!delta::reserved(rec)) {
      std::memcpy(out, rec, stride);
      out += stride;
    } else if (delta::erase_count_of(rec) != 0) {
      back.resize(back.size() + delta::kErasedRecord);
      delta::put_header(back.data() + back.size() - delta::kErasedRecord, delta::page_of(rec), delta::erase_count_of(rec));
    }
  }
  // Merge them with the erased records, both ascending.
  const std::uint8_t* a = old + std::size_t{delta_count_} * stride;
  const std::uint8_t* a_end = a + std::size_t{erased_count_} * delta::kErasedRecord;
  const std::uint8_t* b = back.data();
  const std::uint8_t* b_end = b + back.size();
  while (a != a_end || b != b_end) {
    const bool from_a = b == b_end || (a != a_end && delta::page_of(a) < delta::page_of(b));
    std::memcpy(out, from_a ? a : b, delta::kErasedRecord);
    (from_a ? a : b) += delta::kErasedRecord;
    out += delta::kErasedRecord;
  }
  delta_ = std::move(kept);
  delta_count_ = static_cast<std::uint32_t>(count);
  erased_count_ = static_cast<std::uint16_t>(erased);
}

// A page as the card's NVM holds it now: programmed copy, factory image, or,
// for a journal page never programmed, the erased state.
const std::uint8_t* Nvm::page_content(std::uint32_t page) const {
  if (const std::uint8_t* rec = find_record(page)) return rec + delta::kHeaderSize;
  if (page < data_page_count()) return image_->bytes().data() + std::size_t{page} * image_->page_size();
  return journal::erased_page();
}

void Nvm::read(std::uint32_t addr, std::span<std::uint8_t> out) const {
  const std::uint64_t end = std::uint64_t{addr} + out.size();
  if (end > size()) throw_range("read", addr, out.size(), size());
  const std::uint32_t ps = image_->page_size();
  std::uint8_t* dst = out.data();
  std::uint32_t a = addr;
  std::size_t left = out.size();
  while (left != 0) {
    const std::uint32_t page = image_->page_of(a);
    const std::uint32_t in = a - page * ps;
    const std::size_t n = std::min<std::size_t>(ps - in, left);
    std::memcpy(dst, page_content(page) + in, n);
    dst += n;
    a += static_cast<std::uint32_t>(n);
    left -= n;
  }
  if (!stage_) return;
  // Staged runs are sorted: overlay the ones intersecting [addr, end).
  for (std::uint32_t pos = journal::kHeaderSize; pos < stage_len_;) {
    const journal::Run run = journal::run_at(stage_.get(), pos);
    if (run.addr >= end) break;
    pos += run.stored_size();
    if (run.end() <= addr) continue;
    const std::uint32_t from = std::max(run.addr, addr);
    const std::uint64_t to = std::min<std::uint64_t>(run.end(), end);
    std::memcpy(out.data() + (from - addr), run.data + (from - run.addr), to - from);
  }
}

std::uint8_t Nvm::read_u8(std::uint32_t addr) const {
  // What read() does for one byte, without its loop (the file system and
  // access checks read single bytes often).
  if (addr >= size() || stage_) {
    std::uint8_t b;
    read(addr, std::span(&b, 1));
    return b;
  }
  const std::uint32_t page = image_->page_of(addr);
  return page_content(page)[addr - page * image_->page_size()];
}

void Nvm::begin() {
  if (stage_) throw std::logic_error("Nvm::begin: a transaction is already open");
  // Most transactions are small (a counter, an SQN entry, a record): start
  // with the smallest journal's pages and grow only for a large one, so a
  // profile with a large journal costs the hot paths nothing.
  const std::uint32_t ps = image_->page_size();
  stage_cap_ = static_cast<std::uint16_t>(
      std::min(journal_page_count(), image_->pages_for(NvmImage::kMinJournalBytes)) * ps);
  stage_ = std::make_unique_for_overwrite<std::uint8_t[]>(stage_cap_);
  stage_len_ = journal::kHeaderSize;
}

// Merges [addr, addr + n) into the staged runs, so that rewriting the same
// bytes (a counter, a record) costs journal space once.
void Nvm::write(std::uint32_t addr, std::span<const std::uint8_t> data) {
  if (!stage_) throw std::logic_error("Nvm::write outside a transaction");
  const std::uint64_t end64 = std::uint64_t{addr} + data.size();
  if (end64 > size()) throw_range("write", addr, data.size(), size());
  if (data.empty()) return;
  const std::uint32_t lo = addr;
  const std::uint32_t hi = static_cast<std::uint32_t>(end64);
  std::uint8_t* stage = stage_.get();

  // Runs ending before lo stay; the following runs touching [lo, hi] merge.
  std::uint32_t first = journal::kHeaderSize;
  while (first < stage_len_ && journal::run_at(stage, first).end() < lo) first += journal::run_at(stage, first).stored_size();
  std::uint32_t last = first;  // one past the merged runs
  std::uint32_t merged_lo = lo;
  std::uint32_t merged_hi = hi;
  while (last < stage_len_) {
    const journal::Run run = journal::run_at(stage, last);
    if (run.addr > hi) break;
    merged_lo = std::min(merged_lo, run.addr);
    merged_hi = std::max(merged_hi, run.end());
    last += run.stored_size();
  }
  const std::uint32_t merged_size = journal::kRunHeaderSize + (merged_hi - merged_lo);
  const std::uint32_t new_len = stage_len_ - (last - first) + merged_size;
  if (new_len > journal_page_count() * image_->page_size()) {
    throw std::length_error("Nvm::write: transaction exceeds the journal (" + std::to_string(journal_capacity()) +
                            " bytes; each run costs its length + 6)");
  }
  if (new_len > stage_cap_) {
    // Whole pages (commit() pads the last one), at least twice as many.
    const std::uint32_t ps = image_->page_size();
    const std::uint32_t want = std::max<std::uint32_t>(new_len, 2u * stage_cap_);
    const std::uint32_t cap = std::min(journal_page_count(), image_->pages_for(want)) * ps;
    auto grown = std::make_unique_for_overwrite<std::uint8_t[]>(cap);
    std::memcpy(grown.get(), stage_.get(), stage_len_);
    stage_ = std::move(grown);
    stage_cap_ = static_cast<std::uint16_t>(cap);
    stage = stage_.get();
  }

  std::array<std::uint8_t, kMaxJournalBytes> merged;
  for (std::uint32_t pos = first; pos < last;) {
    const journal::Run run = journal::run_at(stage, pos);
    std::memcpy(merged.data() + (run.addr - merged_lo), run.data, run.len);
    pos += run.stored_size();
  }
  std::memcpy(merged.data() + (lo - merged_lo), data.data(), data.size());
  std::memmove(stage + first + merged_size, stage + last, stage_len_ - last);
  journal::put_be32(stage + first, merged_lo);
  put_be16(stage + first + 4, static_cast<std::uint16_t>(merged_hi - merged_lo));
  std::memcpy(stage + first + journal::kRunHeaderSize, merged.data(), merged_hi - merged_lo);
  stage_len_ = static_cast<std::uint16_t>(new_len);
}

void Nvm::abort() {
  stage_.reset();
  stage_len_ = 0;
  stage_cap_ = 0;
}

bool Nvm::in_transaction() const { return stage_ != nullptr; }

void Nvm::arm_power_loss(std::uint32_t n) { power_loss_in_ = n; }
std::uint64_t Nvm::program_count() const { return program_count_; }
void Nvm::set_wear_hook(NvmWearHook* hook) { hook_ = hook; }

std::uint32_t Nvm::erase_count(std::uint32_t page) const {
  if (page >= page_count()) {
    throw std::out_of_range("Nvm::erase_count: page " + std::to_string(page) + " of " + std::to_string(page_count()));
  }
  const std::uint8_t* rec = find_record(page);
  if (!rec) rec = find_erased(page);
  return rec ? delta::erase_count_of(rec) : 0;
}

std::uint32_t Nvm::max_erase_count() const {
  std::uint32_t most = 0;
  const std::size_t stride = record_stride();
  for (std::uint32_t i = 0; i < delta_count_; ++i) most = std::max(most, delta::erase_count_of(delta_.get() + i * stride));
  const std::uint8_t* erased = delta_.get() + std::size_t{delta_count_} * stride;
  for (std::uint32_t i = 0; i < erased_count_; ++i)
    most = std::max(most, delta::erase_count_of(erased + i * delta::kErasedRecord));
  return most;
}

std::vector<std::uint32_t> Nvm::dirty_pages() const {
  std::vector<std::uint32_t> pages;
  pages.reserve(std::size_t{delta_count_} + erased_count_);
  for (std::uint32_t i = 0; i < delta_count_; ++i) pages.push_back(delta::page_of(delta_.get() + i * record_stride()));
  const std::uint8_t* erased = delta_.get() + std::size_t{delta_count_} * record_stride();
  for (std::uint32_t i = 0; i < erased_count_; ++i) pages.push_back(delta::page_of(erased + i * delta::kErasedRecord));
  std::inplace_merge(pages.begin(), pages.begin() + delta_count_, pages.end());
  return pages;
}

void Nvm::prefetch() const {
  const std::uint8_t* p = delta_.get();
  if (!p) return;
  const std::size_t n = delta_size();
  for (std::size_t off = 0; off < n; off += 64) __builtin_prefetch(p + off);
}

std::size_t Nvm::delta_bytes() const {
  std::size_t bytes = sizeof(Nvm) + delta_size();
  if (stage_) bytes += stage_cap_;
  return bytes;
}

}  // namespace cardcore
