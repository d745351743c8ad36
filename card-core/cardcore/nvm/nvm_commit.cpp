// Nvm: page programming (wear, tearing), the journal protocol of commit() and
// recovery. See README.md in this directory for the protocol and its proof
// sketch.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "cardcore/nvm/delta_format.hpp"
#include "cardcore/nvm/journal_format.hpp"
#include "cardcore/nvm/nvm.hpp"

namespace cardcore {

// One erase + program cycle of a page. content must not point into delta_
// (adding the page's record may reallocate it).
//
// Tearing model: an interrupted (power loss) or failed (worn page) program
// leaves the first page_size/2 bytes with their old value and the rest with
// the new one. Every byte is thus old or new, which the redo journal relies
// on (bytes a transaction does not write are equal in both); and a torn j0
// keeps its old header, so a half-programmed commit record is never valid.
bool Nvm::program_page(std::uint32_t page, const std::uint8_t* content) {
  std::uint8_t* rec = find_or_add_record(page);
  const std::uint32_t erase_count = delta::erase_count_of(rec) + 1;
  const bool ok = hook_ == nullptr || hook_->on_program(page, erase_count);
  delta::put_header(rec, page, erase_count);
  ++program_count_;
  const std::uint32_t ps = image_->page_size();
  const std::uint32_t kept = ps / 2;
  std::uint8_t* data = rec + delta::kHeaderSize;
  if (power_loss_in_ != 0 && --power_loss_in_ == 0) {
    std::memcpy(data + kept, content + kept, ps - kept);
    throw PowerLoss();
  }
  if (!ok) {
    std::memcpy(data + kept, content + kept, ps - kept);
    return false;
  }
  std::memcpy(data, content, ps);
  return true;
}

// Programs every data page the runs of a journal string touch, in ascending
// order, each as its current content with the runs laid over it. Redoing this
// is idempotent. Keeps going after a failed page so that as few pages as
// possible are left torn; returns false if any failed.
bool Nvm::apply_runs(std::span<const std::uint8_t> journal) {
  const std::uint32_t ps = image_->page_size();
  std::array<std::uint8_t, NvmImage::kMaxPageSize> buffer;
  constexpr std::uint32_t kNone = 0xFFFFFFFF;
  std::uint32_t current = kNone;
  bool all_ok = true;
  const auto len = static_cast<std::uint32_t>(journal.size());
  for (std::uint32_t pos = journal::kHeaderSize; pos < len;) {
    const journal::Run run = journal::run_at(journal.data(), pos);
    pos += run.stored_size();
    for (std::uint32_t off = 0; off < run.len;) {
      const std::uint32_t a = run.addr + off;
      const std::uint32_t page = image_->page_of(a);
      const std::uint32_t in = a - page * ps;
      const std::uint32_t n = std::min(ps - in, run.len - off);
      if (page != current) {
        if (current != kNone) all_ok = program_page(current, buffer.data()) && all_ok;
        std::memcpy(buffer.data(), page_content(page), ps);
        current = page;
      }
      std::memcpy(buffer.data() + in, run.data + off, n);
      off += n;
    }
  }
  if (current != kNone) all_ok = program_page(current, buffer.data()) && all_ok;
  return all_ok;
}

// Settles whatever the journal holds: redo a committed transaction, then
// clear j0; or clear a torn/stale header. No program at all when j0 carries no
// magic, the usual case. Returns false (journal kept) if a program failed.
bool Nvm::replay_journal() {
  const std::uint32_t j0 = data_page_count();
  if (!journal::has_magic(page_content(j0))) return true;
  const std::uint32_t ps = image_->page_size();
  const std::uint32_t pages = journal_page_count();
  std::vector<std::uint8_t> area(std::size_t{pages} * ps);
  for (std::uint32_t k = 0; k < pages; ++k) std::memcpy(area.data() + std::size_t{k} * ps, page_content(j0 + k), ps);
  if (const std::uint32_t len = journal::committed_length(area, size())) {
    if (!apply_runs(std::span(area.data(), len))) return false;
  }
  if (!program_page(j0, journal::erased_page())) return false;
  erase_journal_records();
  return true;
}

// The journal protocol (README.md):
//   0. settle a journal left by an earlier transaction (replay_journal);
//   1. program the continuation pages j1..j(m-1) of the journal string;
//   2. program j0, which holds the header with the CRC: the commit point;
//   3. program the target data pages;
//   4. program j0 erased: the journal clear.
CommitResult Nvm::commit() {
  if (!stage_) throw std::logic_error("Nvm::commit outside a transaction");
  // The transaction ends here whatever happens, as a card's RAM would.
  const std::unique_ptr<std::uint8_t[]> journal = std::move(stage_);
  const std::uint32_t len = stage_len_;
  stage_len_ = 0;

  // A journal page must not be overwritten while j0 may still hold a
  // transaction to redo: its pages are the only record of it.
  if (!replay_journal()) return CommitResult::WriteFailed;
  if (len == journal::kHeaderSize) return CommitResult::Ok;

  const std::uint32_t ps = image_->page_size();
  const std::uint32_t pages = image_->pages_for(len);
  std::memset(journal.get() + len, 0xFF, std::size_t{pages} * ps - len);
  journal::seal(journal.get(), len);
  const std::vector<std::uint32_t> missing = pages_without_record(journal.get(), len, pages);
  if (missing.empty()) return program_transaction(journal.get(), len, pages);
  add_records(missing, true);
  CommitResult result;
  try {
    result = program_transaction(journal.get(), len, pages);
  } catch (...) {  // a power loss: the pages after the torn one were never programmed
    drop_reserved(missing);
    throw;
  }
  drop_reserved(missing);
  return result;
}

// Steps 1-4 of commit() for a sealed journal string of journal_pages pages.
CommitResult Nvm::program_transaction(const std::uint8_t* journal, std::uint32_t len, std::uint32_t journal_pages) {
  const std::uint32_t ps = image_->page_size();
  const std::uint32_t j0 = data_page_count();
  for (std::uint32_t k = 1; k < journal_pages; ++k) {
    if (!program_page(j0 + k, journal + std::size_t{k} * ps)) return CommitResult::WriteFailed;
  }
  // A failed j0 keeps its old first half, which carries no magic (settled
  // above): nothing was committed.
  if (!program_page(j0, journal)) return CommitResult::WriteFailed;
  // Committed. A failed data page leaves the journal for the redo.
  if (!apply_runs(std::span(journal, len))) return CommitResult::WriteFailed;
  // A failed clear still leaves the transaction complete; j0 may keep the
  // header, which the next commit() or recover() redoes idempotently.
  if (program_page(j0, journal::erased_page())) erase_journal_records();
  return CommitResult::Ok;
}

void Nvm::recover() {
  abort();
  // On failure the journal stays and the next commit() or recover() retries.
  replay_journal();
}

}  // namespace cardcore
