// Tests of the NVM model: copy-on-write over the image, erase counters, the
// journal protocol under power loss at every page program, wear failures.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore {
namespace test_nvm {

std::shared_ptr<const NvmImage> make_image(std::uint32_t size = 1000, std::uint32_t page_size = 64) {
  Bytes bytes(size);
  for (std::uint32_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return std::make_shared<const NvmImage>(std::move(bytes), page_size);
}

Bytes snapshot(const Nvm& nvm) {
  Bytes out(nvm.size());
  nvm.read(0, out);
  return out;
}

Bytes read_bytes(const Nvm& nvm, std::uint32_t addr, std::uint32_t len) {
  Bytes out(len);
  nvm.read(addr, out);
  return out;
}

struct Write {
  std::uint32_t addr;
  Bytes data;
};

Bytes filled(std::size_t n, std::uint8_t first) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(first + 13 * i);
  return b;
}

Bytes applied(Bytes content, const std::vector<Write>& writes) {
  for (const Write& w : writes) std::copy(w.data.begin(), w.data.end(), content.begin() + w.addr);
  return content;
}

void stage(Nvm& nvm, const std::vector<Write>& writes) {
  nvm.begin();
  for (const Write& w : writes) nvm.write(w.addr, w.data);
}

CommitResult transact(Nvm& nvm, const std::vector<Write>& writes) {
  stage(nvm, writes);
  return nvm.commit();
}

// A card with history: some pages already in its delta and every journal page
// holding stale bytes of an earlier, larger transaction, so that torn and
// stale journal pages are really exercised.
Nvm card_with_history(std::shared_ptr<const NvmImage> image) {
  Nvm nvm(std::move(image));
  const std::uint32_t run = std::min<std::uint32_t>(nvm.journal_capacity() - 6, nvm.size() - 8);
  EXPECT_EQ(transact(nvm, {{8, filled(run, 0x51)}}), CommitResult::Ok);
  return nvm;
}

// ---------------------------------------------------------------- image

TEST(NvmImage, PadsWithErasedBytesToWholePages) {
  NvmImage image(Bytes(100, 0x11), 64);
  EXPECT_EQ(image.data_size(), 100u);
  EXPECT_EQ(image.page_count(), 2u);
  EXPECT_EQ(image.bytes().size(), 128u);
  EXPECT_EQ(image.page(1)[35], 0x11);
  EXPECT_EQ(image.page(1)[36], 0xFF);
  EXPECT_THROW(image.page(2), std::out_of_range);
}

TEST(NvmImage, RejectsUnsupportedPageSizes) {
  EXPECT_THROW(NvmImage(Bytes(10), 8), std::invalid_argument);
  EXPECT_THROW(NvmImage(Bytes(10), 8192), std::invalid_argument);
  EXPECT_NO_THROW(NvmImage(Bytes(10), 16));
  EXPECT_THROW(Nvm(nullptr), std::invalid_argument);
}

TEST(NvmCrc32, MatchesTheStandardCheckValue) {
  const std::string text = "123456789";
  const ByteView bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  EXPECT_EQ(crc32(bytes), 0xCBF43926u);
  EXPECT_EQ(crc32_update(crc32(bytes.first(4)), bytes.subspan(4)), 0xCBF43926u);
}

// Eight bytes a step give what one bit a step gives (the polynomial's
// definition), at every length and split around the 8-byte blocks.
TEST(NvmCrc32, EightBytesAStepMatchOneBitAStep) {
  auto bitwise = [](ByteView b) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::uint8_t x : b) {
      c ^= x;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
  };
  const Bytes data = filled(70, 0x9C);
  for (std::size_t n = 0; n <= data.size(); ++n) {
    const ByteView b(data.data(), n);
    EXPECT_EQ(crc32(b), bitwise(b)) << n;
    for (std::size_t split : {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{13}}) {
      if (split > n) continue;
      EXPECT_EQ(crc32_update(crc32(b.first(split)), b.subspan(split)), bitwise(b)) << n << "/" << split;
    }
  }
}

// ---------------------------------------------------------------- reads, COW

TEST(Nvm, ReadsThroughToTheImage) {
  auto image = make_image();
  Nvm nvm(image);
  EXPECT_EQ(nvm.size(), 1000u);
  EXPECT_EQ(nvm.data_page_count(), 16u);
  EXPECT_EQ(nvm.journal_page_count(), 5u);  // 320 bytes of journal
  EXPECT_EQ(nvm.page_count(), 21u);
  EXPECT_EQ(snapshot(nvm), Bytes(image->bytes().begin(), image->bytes().begin() + 1000));
  EXPECT_EQ(read_bytes(nvm, 60, 10), Bytes(image->bytes().begin() + 60, image->bytes().begin() + 70));
  EXPECT_EQ(nvm.read_u8(999), image->bytes()[999]);
  EXPECT_EQ(nvm.program_count(), 0u);
  EXPECT_TRUE(nvm.dirty_pages().empty());
}

TEST(Nvm, CardsSharingAnImageDoNotSeeEachOthersWrites) {
  auto image = make_image();
  const Bytes factory(image->bytes().begin(), image->bytes().end());
  Nvm a(image);
  Nvm b(image);
  ASSERT_EQ(transact(a, {{100, {1, 2, 3}}}), CommitResult::Ok);
  ASSERT_EQ(transact(b, {{101, {9}}}), CommitResult::Ok);
  EXPECT_EQ(read_bytes(a, 100, 3), (Bytes{1, 2, 3}));
  EXPECT_EQ(read_bytes(b, 100, 3), (Bytes{factory[100], 9, factory[102]}));
  EXPECT_EQ(Bytes(image->bytes().begin(), image->bytes().end()), factory);
  Nvm c(image);
  EXPECT_EQ(read_bytes(c, 100, 3), Bytes(factory.begin() + 100, factory.begin() + 103));
}

TEST(Nvm, CopiesAreIndependent) {
  Nvm a(make_image());
  ASSERT_EQ(transact(a, {{5, {7}}}), CommitResult::Ok);
  Nvm b = a;
  ASSERT_EQ(transact(b, {{5, {8}}}), CommitResult::Ok);
  EXPECT_EQ(a.read_u8(5), 7);
  EXPECT_EQ(b.read_u8(5), 8);
  EXPECT_EQ(b.erase_count(0), 2u);
  EXPECT_EQ(a.erase_count(0), 1u);
}

// ---------------------------------------------------------------- erase counts

TEST(Nvm, OnePageTransactionCostsThreePrograms) {
  Nvm nvm(make_image());
  const std::uint32_t j0 = nvm.data_page_count();
  ASSERT_EQ(transact(nvm, {{64 + 10, {1, 2, 3, 4, 5, 6}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.program_count(), 3u);  // j0 (journal + commit record), data, clear
  EXPECT_EQ(nvm.erase_count(1), 1u);
  EXPECT_EQ(nvm.erase_count(0), 0u);
  EXPECT_EQ(nvm.erase_count(j0), 2u);
  EXPECT_EQ(nvm.erase_count(j0 + 1), 0u);
  EXPECT_EQ(nvm.dirty_pages(), (std::vector<std::uint32_t>{1, j0}));

  ASSERT_EQ(transact(nvm, {{64 + 10, {9}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.erase_count(1), 2u);
  EXPECT_EQ(nvm.erase_count(j0), 4u);
}

// Page sizes that are not powers of two (the page of an address is then a
// division, not a shift) page, read and commit as the usual ones.
TEST(Nvm, PageSizesOtherThanPowersOfTwoWorkAlike) {
  for (const std::uint32_t ps : {16u, 48u, 64u, 100u, 512u}) {
    Nvm nvm(make_image(1000, ps));
    SCOPED_TRACE(ps);
    EXPECT_EQ(nvm.data_page_count(), (1000 + ps - 1) / ps);
    EXPECT_EQ(nvm.journal_page_count(), (NvmImage::kMinJournalBytes + ps - 1) / ps);
    Bytes expected = snapshot(nvm);
    // A write across a page boundary and a single byte in the last page.
    const std::uint32_t across = ps - 3;
    ASSERT_EQ(transact(nvm, {{across, {1, 2, 3, 4, 5, 6}}, {999, {0xAB}}}), CommitResult::Ok);
    std::copy_n(Bytes{1, 2, 3, 4, 5, 6}.begin(), 6, expected.begin() + across);
    expected[999] = 0xAB;
    EXPECT_EQ(snapshot(nvm), expected);
    for (std::uint32_t a : {across, across + 5, 999u}) EXPECT_EQ(nvm.read_u8(a), expected[a]) << a;
    std::vector<std::uint32_t> pages = {across / ps, (across + 5) / ps, 999 / ps};
    pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
    // The journal string: its header, then each run's 6 bytes and data.
    const std::uint32_t journal = 8 + (6 + 6) + (6 + 1);
    for (std::uint32_t j = 0; j < (journal + ps - 1) / ps; ++j) pages.push_back(nvm.data_page_count() + j);
    EXPECT_EQ(nvm.dirty_pages(), pages);
  }
}

TEST(Nvm, MultiPageJournalCountsEveryPage) {
  Nvm nvm(make_image());
  const std::uint32_t j0 = nvm.data_page_count();
  // 8 + (6 + 255) + (6 + 1) = 276 bytes of journal: 5 pages; data pages 2..6.
  ASSERT_EQ(transact(nvm, {{128, filled(255, 1)}, {400, {7}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.program_count(), 5u + 5u + 1u);
  for (std::uint32_t p = 2; p <= 6; ++p) EXPECT_EQ(nvm.erase_count(p), 1u) << p;
  EXPECT_EQ(nvm.erase_count(7), 0u);
  EXPECT_EQ(nvm.erase_count(j0), 2u);
  for (std::uint32_t k = 1; k < 5; ++k) EXPECT_EQ(nvm.erase_count(j0 + k), 1u) << k;
}

// ---------------------------------------------------------------- transactions

TEST(Nvm, StagedWritesAreVisibleAndAbortDropsThem) {
  auto image = make_image();
  Nvm nvm(image);
  const Bytes before = snapshot(nvm);
  nvm.begin();
  EXPECT_TRUE(nvm.in_transaction());
  nvm.write(10, Bytes{1, 2, 3, 4});
  nvm.write(14, Bytes{5, 6});   // adjacent: merges
  nvm.write(12, Bytes{9});      // overlapping: last write wins
  nvm.write(62, Bytes{7, 7, 7, 7});  // straddles pages 0 and 1
  EXPECT_EQ(read_bytes(nvm, 9, 8), (Bytes{before[9], 1, 2, 9, 4, 5, 6, before[16]}));
  EXPECT_EQ(read_bytes(nvm, 63, 2), (Bytes{7, 7}));
  nvm.abort();
  EXPECT_FALSE(nvm.in_transaction());
  EXPECT_EQ(snapshot(nvm), before);
  EXPECT_EQ(nvm.program_count(), 0u);
}

TEST(Nvm, CommitMakesWritesPersistent) {
  Nvm nvm(make_image());
  const Bytes before = snapshot(nvm);
  const std::vector<Write> writes = {{10, {1, 2, 3, 4}}, {12, {9}}, {62, {7, 7, 7, 7}}, {999, {0}}};
  ASSERT_EQ(transact(nvm, writes), CommitResult::Ok);
  EXPECT_FALSE(nvm.in_transaction());
  EXPECT_EQ(snapshot(nvm), applied(before, writes));
  nvm.recover();  // a clean journal: nothing to do
  EXPECT_EQ(snapshot(nvm), applied(before, writes));
  EXPECT_EQ(nvm.program_count(), 1u + 3u + 1u);
}

TEST(Nvm, EmptyTransactionProgramsNothing) {
  Nvm nvm(make_image());
  nvm.begin();
  nvm.write(20, Bytes{});
  EXPECT_EQ(nvm.commit(), CommitResult::Ok);
  EXPECT_EQ(nvm.program_count(), 0u);
}

TEST(Nvm, TransactionsMustFitTheJournal) {
  Nvm nvm(make_image());
  EXPECT_EQ(nvm.journal_capacity(), 312u);
  nvm.begin();
  nvm.write(0, filled(255, 1));  // the largest UPDATE BINARY: 6 + 255 bytes
  nvm.write(300, Bytes{1, 2});   // 6 + 2
  for (int i = 0; i < 100; ++i) nvm.write(300, Bytes{3, 4});  // rewrites cost nothing more
  nvm.write(302, filled(43, 2));  // adjacent, merged: 261 + 51 = 312, full
  EXPECT_THROW(nvm.write(500, Bytes{1}), std::length_error);
  EXPECT_THROW(nvm.write(255, Bytes{1}), std::length_error);  // would grow a run by one
  EXPECT_EQ(nvm.read_u8(500), nvm.image().bytes()[500]);  // staging unchanged
  EXPECT_EQ(nvm.read_u8(255), nvm.image().bytes()[255]);
  EXPECT_NO_THROW(nvm.write(100, Bytes{0xEE}));  // inside a run: free
  EXPECT_EQ(nvm.commit(), CommitResult::Ok);
  EXPECT_EQ(nvm.read_u8(300), 3);
  EXPECT_EQ(nvm.read_u8(100), 0xEE);
  EXPECT_EQ(read_bytes(nvm, 302, 43), filled(43, 2));
}

// ---------------------------------------------------------------- misuse

TEST(Nvm, RejectsMisuseAndOutOfRange) {
  Nvm nvm(make_image());
  Bytes one(1);
  Bytes two(2);
  Bytes none;
  EXPECT_THROW(nvm.write(0, Bytes{1}), std::logic_error);
  EXPECT_THROW(nvm.commit(), std::logic_error);
  EXPECT_NO_THROW(nvm.abort());
  EXPECT_THROW(nvm.read(1000, one), std::out_of_range);
  EXPECT_THROW(nvm.read(999, two), std::out_of_range);
  EXPECT_THROW(nvm.read(0xFFFFFFFF, two), std::out_of_range);
  EXPECT_THROW(nvm.read_u8(1000), std::out_of_range);
  EXPECT_NO_THROW(nvm.read(1000, none));
  EXPECT_THROW(nvm.erase_count(nvm.page_count()), std::out_of_range);
  EXPECT_NO_THROW(nvm.erase_count(nvm.page_count() - 1));
  nvm.begin();
  EXPECT_THROW(nvm.begin(), std::logic_error);
  EXPECT_THROW(nvm.write(999, Bytes{1, 2}), std::out_of_range);
  EXPECT_THROW(nvm.write(0xFFFFFFFF, Bytes{1, 2}), std::out_of_range);
  nvm.write(999, Bytes{1});
  EXPECT_EQ(nvm.commit(), CommitResult::Ok);
  EXPECT_EQ(nvm.read_u8(999), 1);
}

// ---------------------------------------------------------------- delta size

// The largest erase count is the largest of the dirty pages' counts, page
// records and erased journal pages alike.
TEST(Nvm, MaxEraseCountIsTheLargestOfTheDirtyPages) {
  Nvm nvm(make_image());
  EXPECT_EQ(nvm.max_erase_count(), 0u);
  auto largest = [&] {
    std::uint32_t most = 0;
    for (std::uint32_t p : nvm.dirty_pages()) most = std::max(most, nvm.erase_count(p));
    return most;
  };
  ASSERT_EQ(transact(nvm, {{0, Bytes(150, 0x5A)}}), CommitResult::Ok);  // j0 twice; j1, j2 once, then erased
  EXPECT_EQ(nvm.max_erase_count(), 2u);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(transact(nvm, {{70, filled(60, static_cast<std::uint8_t>(i))}}), CommitResult::Ok);
  EXPECT_EQ(nvm.max_erase_count(), largest());
  EXPECT_EQ(nvm.max_erase_count(), nvm.erase_count(nvm.data_page_count()));  // j0: twice a transaction
}

TEST(Nvm, DeltaBytesGrowWithDirtyPagesOnly) {
  Nvm nvm(make_image());
  const std::size_t record = 8 + 64;
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm));
  Bytes buf(200);
  nvm.read(0, buf);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm));
  stage(nvm, {{70, {1}}});
  EXPECT_GT(nvm.delta_bytes(), sizeof(Nvm));  // the open transaction's staging
  nvm.abort();
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm));
  ASSERT_EQ(transact(nvm, {{70, {1}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 2 * record);  // page 1 and j0
  ASSERT_EQ(transact(nvm, {{71, {2}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 2 * record);
  ASSERT_EQ(transact(nvm, {{300, {3}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 3 * record);
  EXPECT_EQ(nvm.dirty_pages().size(), 3u);
}

// A transaction over several journal pages: once j0 is cleared, no
// continuation page is read again before a new string is programmed over
// it, so each keeps its erase count and reads as erased (8 bytes); j0 and
// the data pages keep their records.
TEST(Nvm, ClearedJournalPagesKeepOnlyTheirEraseCounts) {
  Nvm nvm(make_image());
  const std::size_t record = 8 + 64;
  const Bytes data(150, 0x5A);  // 156 bytes of runs: j0..j2
  ASSERT_EQ(transact(nvm, {{0, data}}), CommitResult::Ok);
  const std::uint32_t j0 = nvm.data_page_count();
  EXPECT_EQ(nvm.dirty_pages(), (std::vector<std::uint32_t>{0, 1, 2, j0, j0 + 1, j0 + 2}));
  EXPECT_EQ(nvm.erase_count(j0), 2u);  // the string's first page, then the clear
  EXPECT_EQ(nvm.erase_count(j0 + 1), 1u);
  EXPECT_EQ(nvm.erase_count(j0 + 2), 1u);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 4 * record + 2 * 8);
  // A small transaction programs j0 alone, twice.
  ASSERT_EQ(transact(nvm, {{300, {7}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.erase_count(j0), 4u);
  EXPECT_EQ(nvm.erase_count(j0 + 1), 1u);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 5 * record + 2 * 8);
  // Another string over two pages brings j1's record back with its count,
  // then erases it again: j1 twice, j2 once.
  ASSERT_EQ(transact(nvm, {{0, Bytes(80, 0x33)}}), CommitResult::Ok);
  EXPECT_EQ(nvm.erase_count(j0 + 1), 2u);
  EXPECT_EQ(nvm.erase_count(j0 + 2), 1u);
  EXPECT_EQ(nvm.delta_bytes(), sizeof(Nvm) + 5 * record + 2 * 8);
  // j1, j2, j0, 3 data pages, the clear; then 3; then j1, j0, 2 data pages, the clear.
  EXPECT_EQ(nvm.program_count(), 7u + 3u + 5u);
  Bytes back(150);
  nvm.read(0, back);
  Bytes want = data;
  std::fill(want.begin(), want.begin() + 80, 0x33);
  EXPECT_EQ(back, want);
  EXPECT_EQ(nvm.read_u8(300), 7);
}

// ---------------------------------------------------------------- power loss

// The pages a hook sees programmed, in order.
class ProgramLog : public NvmWearHook {
 public:
  bool on_program(std::uint32_t page, std::uint32_t) override { return pages.push_back(page), true; }
  std::vector<std::uint32_t> pages;
};

// delta_bytes() of `base` after these pages were programmed (a commit cut
// short): each has a full record, the others as in base (a card whose last
// commit completed: its continuation pages j1.. read as erased, 8 bytes).
// commit() adds the records of all its pages at once; those never
// programmed must not stay.
std::size_t delta_bytes_after(const Nvm& base, const std::vector<std::uint32_t>& programmed,
                              std::size_t page_size = 64) {
  const std::uint32_t j1 = base.data_page_count() + 1;
  std::vector<std::uint32_t> full;
  std::vector<std::uint32_t> erased;
  for (std::uint32_t p : base.dirty_pages()) (p >= j1 ? erased : full).push_back(p);
  for (std::uint32_t p : programmed) {
    erased.erase(std::remove(erased.begin(), erased.end(), p), erased.end());
    if (std::find(full.begin(), full.end(), p) == full.end()) full.push_back(p);
  }
  return sizeof(Nvm) + full.size() * (8 + page_size) + erased.size() * 8;
}

struct SweepResult {
  std::uint32_t programs = 0;    // programs of an uninterrupted commit
  std::uint32_t switch_at = 0;   // first n whose recovery gives the new content
};

// Tears the n-th page program of the transaction for n = 1, 2, ... until a
// commit completes. After recover() the content must be exactly the old or
// exactly the new one, switching once. For each torn n, also tears every
// program of recover() itself and checks that a second recover() settles it.
SweepResult sweep_power_loss(const Nvm& base, const std::vector<Write>& writes, std::size_t page_size = 64) {
  SweepResult result;
  const Bytes old_content = snapshot(base);
  const Bytes new_content = applied(old_content, writes);
  ProgramLog log;
  {
    Nvm nvm = base;
    nvm.set_wear_hook(&log);
    const std::uint64_t before = nvm.program_count();
    EXPECT_EQ(transact(nvm, writes), CommitResult::Ok);
    result.programs = static_cast<std::uint32_t>(nvm.program_count() - before);
  }
  std::vector<bool> outcome;  // index n - 1: recovery gave the new content
  for (std::uint32_t n = 1; n <= 200; ++n) {
    Nvm nvm = base;
    nvm.arm_power_loss(n);
    stage(nvm, writes);
    bool completed = false;
    try {
      EXPECT_EQ(nvm.commit(), CommitResult::Ok);
      completed = true;
    } catch (const PowerLoss&) {
    }
    EXPECT_FALSE(nvm.in_transaction());
    if (completed) {
      EXPECT_EQ(n, result.programs + 1);
      EXPECT_EQ(snapshot(nvm), new_content);
      break;
    }
    // The pages up to the torn one have their records, no other new one.
    EXPECT_EQ(nvm.delta_bytes(),
              delta_bytes_after(base, std::vector<std::uint32_t>(log.pages.begin(), log.pages.begin() + n), page_size))
        << "power loss at program " << n;
    const Nvm torn = nvm;
    nvm.recover();
    const Bytes after = snapshot(nvm);
    const bool is_new = after == new_content;
    EXPECT_TRUE(is_new || after == old_content) << "mixed content after power loss at program " << n;
    outcome.push_back(is_new);
    // Settled: recovering again does nothing, and the card works on.
    const std::uint64_t settled = nvm.program_count();
    nvm.recover();
    EXPECT_EQ(nvm.program_count(), settled) << n;
    EXPECT_EQ(transact(nvm, {{0, {0xAB}}}), CommitResult::Ok);
    EXPECT_EQ(nvm.read_u8(0), 0xAB);

    // Power loss at every program of recover() itself.
    for (std::uint32_t r = 1; r <= 200; ++r) {
      Nvm again = torn;
      again.arm_power_loss(r);
      try {
        again.recover();
        EXPECT_EQ(snapshot(again), after) << n << "/" << r;
        break;
      } catch (const PowerLoss&) {
      }
      again.recover();
      EXPECT_EQ(snapshot(again), after) << "power loss " << n << ", then during recovery at " << r;
    }
  }
  EXPECT_EQ(outcome.size(), result.programs);
  std::size_t k = 0;
  while (k < outcome.size() && !outcome[k]) ++k;
  for (std::size_t i = k; i < outcome.size(); ++i) EXPECT_TRUE(outcome[i]) << "old after new at n = " << i + 1;
  result.switch_at = static_cast<std::uint32_t>(k + 1);
  return result;
}

TEST(NvmPowerLoss, OnePageSmallWrite) {
  Nvm base = card_with_history(make_image());
  const SweepResult r = sweep_power_loss(base, {{64 + 10, {1, 2, 3, 4, 5, 6}}});
  EXPECT_EQ(r.programs, 3u);
  EXPECT_EQ(r.switch_at, 2u);  // new as soon as j0, the commit record, is whole
}

TEST(NvmPowerLoss, OnePageWriteLongerThanHalfAPage) {
  // 8 + 6 + 40 bytes of journal: a torn clear leaves an invalid header.
  Nvm base = card_with_history(make_image());
  const SweepResult r = sweep_power_loss(base, {{64 * 9 + 3, filled(40, 9)}});
  EXPECT_EQ(r.programs, 3u);
  EXPECT_EQ(r.switch_at, 2u);
}

TEST(NvmPowerLoss, WholePageWrite) {
  Nvm base = card_with_history(make_image());
  const SweepResult r = sweep_power_loss(base, {{64 * 3, filled(64, 0x30)}});
  EXPECT_EQ(r.programs, 2u + 1u + 1u);  // 78 bytes of journal: 2 pages
  EXPECT_EQ(r.switch_at, 3u);
}

TEST(NvmPowerLoss, WriteStraddlingAPageBoundary) {
  Nvm base = card_with_history(make_image());
  const SweepResult r = sweep_power_loss(base, {{64 * 2 - 4, {1, 2, 3, 4, 5, 6, 7, 8}}});
  EXPECT_EQ(r.programs, 1u + 2u + 1u);
  EXPECT_EQ(r.switch_at, 2u);
}

TEST(NvmPowerLoss, TwoPages) {
  Nvm base = card_with_history(make_image());
  const SweepResult r = sweep_power_loss(base, {{20, {1, 2}}, {64 * 12 + 1, {3}}});
  EXPECT_EQ(r.programs, 1u + 2u + 1u);
  EXPECT_EQ(r.switch_at, 2u);
}

TEST(NvmPowerLoss, SeveralPagesAndAMultiPageJournal) {
  Nvm base = card_with_history(make_image());
  // 8 + (6 + 2) + (6 + 255) + (6 + 1) = 284 bytes: 5 journal pages; data
  // pages 0, 4..7 and 15.
  const SweepResult r = sweep_power_loss(base, {{0x20, {1, 2}}, {0x100, filled(255, 5)}, {0x3E0, {9}}});
  EXPECT_EQ(r.programs, 5u + 6u + 1u);
  EXPECT_EQ(r.switch_at, 6u);
}

// Once a journal is cleared, its continuation pages keep only their erase
// counts and read as erased: a later string over fewer or more pages, cut
// by a power loss at any program (of the commit or of the recovery),
// still leaves all the old content or all the new.
TEST(NvmPowerLoss, AStringOverClearedContinuationPages) {
  Nvm base = card_with_history(make_image());
  ASSERT_EQ(transact(base, {{0x100, filled(255, 7)}}), CommitResult::Ok);  // 269 bytes: j0..j4
  const std::uint32_t j0 = base.data_page_count();
  const std::vector<std::uint32_t> dirty = base.dirty_pages();
  EXPECT_NE(std::find(dirty.begin(), dirty.end(), j0 + 4), dirty.end());
  EXPECT_GE(base.erase_count(j0 + 4), 1u);
  // 8 + 6 + 100 = 114 bytes: j0, j1; data pages 8, 9.
  EXPECT_EQ(sweep_power_loss(base, {{0x200, filled(100, 3)}}).programs, 2u + 2u + 1u);
  // 8 + 6 + 298 = 312 bytes: j0..j4; data pages 1..5.
  EXPECT_EQ(sweep_power_loss(base, {{0x40, filled(298, 4)}}).programs, 5u + 5u + 1u);
}

TEST(NvmPowerLoss, OverlappingAndAdjacentWritesMergeIntoOneRun) {
  Nvm base = card_with_history(make_image());
  // One run [10, 15) whatever the order: a 19-byte journal. In the first half
  // of the page, so a torn data page really differs from the new content.
  const SweepResult r = sweep_power_loss(base, {{12, {3, 4}}, {10, {1, 2}}, {14, {5}}, {11, {9}}});
  EXPECT_EQ(r.programs, 3u);
  EXPECT_EQ(r.switch_at, 2u);
}

TEST(NvmPowerLoss, FreshCardSmallPages) {
  // 16-byte pages: a 20-page journal, writes across many pages.
  Nvm base(make_image(300, 16));
  EXPECT_EQ(base.journal_page_count(), 20u);
  const SweepResult r = sweep_power_loss(base, {{5, filled(40, 1)}, {100, {1}}, {299, {2}}}, 16);
  // 8 + 46 + 7 + 7 = 68 bytes: 5 journal pages; data pages 0..2, 6, 18.
  EXPECT_EQ(r.programs, 5u + 5u + 1u);
  EXPECT_EQ(r.switch_at, 6u);
}

TEST(NvmPowerLoss, TornPageKeepsOldFirstHalfAndNewSecondHalf) {
  Nvm nvm(make_image());
  const Bytes old_page = read_bytes(nvm, 64, 64);
  const Bytes new_page = filled(64, 0x40);
  nvm.arm_power_loss(3);  // 2 journal pages, then data page 1
  stage(nvm, {{64, new_page}});
  EXPECT_THROW(nvm.commit(), PowerLoss);
  const Bytes torn = read_bytes(nvm, 64, 64);
  EXPECT_EQ(Bytes(torn.begin(), torn.begin() + 32), Bytes(old_page.begin(), old_page.begin() + 32));
  EXPECT_EQ(Bytes(torn.begin() + 32, torn.end()), Bytes(new_page.begin() + 32, new_page.end()));
  EXPECT_EQ(nvm.erase_count(1), 1u);
  nvm.recover();
  EXPECT_EQ(read_bytes(nvm, 64, 64), new_page);
}

TEST(NvmPowerLoss, ArmZeroDisarms) {
  Nvm nvm(make_image());
  nvm.arm_power_loss(1);
  nvm.arm_power_loss(0);
  EXPECT_EQ(transact(nvm, {{1, {1}}}), CommitResult::Ok);
}

TEST(NvmPowerLoss, UnrecoveredJournalIsSettledByTheNextCommit) {
  // A caller that skips recover() after a power loss still gets atomicity:
  // commit() redoes the committed transaction before its own.
  Nvm nvm(make_image());
  nvm.arm_power_loss(2);  // the data page of a one-page transaction
  stage(nvm, {{64, filled(10, 1)}});
  EXPECT_THROW(nvm.commit(), PowerLoss);
  ASSERT_EQ(transact(nvm, {{200, {5}}}), CommitResult::Ok);
  EXPECT_EQ(read_bytes(nvm, 64, 10), filled(10, 1));
  EXPECT_EQ(nvm.read_u8(200), 5);
}

// ---------------------------------------------------------------- wear hook

class FailingPages : public NvmWearHook {
 public:
  bool on_program(std::uint32_t page, std::uint32_t erase_count) override {
    calls.push_back({page, erase_count});
    auto it = fail_at.find(page);
    return it == fail_at.end() || erase_count < it->second;
  }
  std::map<std::uint32_t, std::uint32_t> fail_at;  // page -> first failing cycle
  std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;
};

TEST(NvmWear, HookSeesEveryProgramWithTheNewEraseCount) {
  Nvm nvm(make_image());
  FailingPages hook;
  nvm.set_wear_hook(&hook);
  const std::uint32_t j0 = nvm.data_page_count();
  ASSERT_EQ(transact(nvm, {{64 * 3, {1}}}), CommitResult::Ok);
  using Calls = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  EXPECT_EQ(hook.calls, (Calls{{j0, 1}, {3, 1}, {j0, 2}}));
  nvm.set_wear_hook(nullptr);
  ASSERT_EQ(transact(nvm, {{64 * 3, {2}}}), CommitResult::Ok);
  EXPECT_EQ(hook.calls.size(), 3u);
}

TEST(NvmWear, FailedCommitRecordDropsTheTransaction) {
  Nvm nvm(make_image());
  const Bytes before = snapshot(nvm);
  FailingPages hook;
  const std::uint32_t j0 = nvm.data_page_count();
  hook.fail_at[j0] = 1;
  nvm.set_wear_hook(&hook);
  EXPECT_EQ(transact(nvm, {{70, {1, 2, 3, 4, 5, 6}}}), CommitResult::WriteFailed);
  EXPECT_FALSE(nvm.in_transaction());
  EXPECT_EQ(snapshot(nvm), before);
  EXPECT_EQ(nvm.erase_count(j0), 1u);  // the cycle happened
  EXPECT_EQ(nvm.erase_count(1), 0u);
  nvm.recover();
  EXPECT_EQ(snapshot(nvm), before);
  hook.fail_at.clear();
  EXPECT_EQ(transact(nvm, {{70, {1}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.read_u8(70), 1);
}

TEST(NvmWear, FailedJournalContinuationPageDropsTheTransaction) {
  Nvm nvm = card_with_history(make_image());
  const Bytes before = snapshot(nvm);
  const std::uint32_t j0 = nvm.data_page_count();
  const std::uint32_t j0_cycles = nvm.erase_count(j0);
  FailingPages hook;
  hook.fail_at[j0 + 2] = 1;
  nvm.set_wear_hook(&hook);
  const Nvm base = nvm;
  EXPECT_EQ(transact(nvm, {{0x100, filled(255, 5)}}), CommitResult::WriteFailed);
  EXPECT_EQ(snapshot(nvm), before);
  EXPECT_EQ(nvm.erase_count(j0), j0_cycles);  // the commit record was never programmed
  // j1 and the failed j2 were programmed; j3, j4, j0 and the data pages not.
  EXPECT_EQ(nvm.delta_bytes(), delta_bytes_after(base, {j0 + 1, j0 + 2}));
  nvm.recover();
  EXPECT_EQ(snapshot(nvm), before);
}

TEST(NvmWear, FailedDataPageKeepsTheJournalAndLocksWrites) {
  Nvm nvm(make_image());
  const Bytes before = snapshot(nvm);
  const std::vector<Write> t1 = {{64 * 2 - 4, filled(8, 1)}, {64 * 3 - 2, filled(40, 2)}};
  FailingPages hook;
  hook.fail_at[2] = 1;  // the middle of three data pages is worn
  nvm.set_wear_hook(&hook);
  EXPECT_EQ(transact(nvm, t1), CommitResult::WriteFailed);
  const Bytes t1_content = applied(before, t1);
  // Pages 1 and 3 were programmed; page 2 is torn: old first half, new rest.
  EXPECT_EQ(read_bytes(nvm, 64, 64), Bytes(t1_content.begin() + 64, t1_content.begin() + 128));
  EXPECT_EQ(read_bytes(nvm, 128, 32), Bytes(before.begin() + 128, before.begin() + 160));
  EXPECT_EQ(read_bytes(nvm, 160, 32), Bytes(t1_content.begin() + 160, t1_content.begin() + 192));
  EXPECT_EQ(read_bytes(nvm, 192, 64), Bytes(t1_content.begin() + 192, t1_content.begin() + 256));

  // While the page stays worn, later transactions are refused untouched.
  EXPECT_EQ(transact(nvm, {{500, {0x55}}}), CommitResult::WriteFailed);
  EXPECT_EQ(nvm.read_u8(500), before[500]);
  nvm.recover();
  EXPECT_EQ(nvm.read_u8(500), before[500]);
  EXPECT_NE(snapshot(nvm), t1_content);

  // The page heals (the hook says so): the next commit redoes T1 first.
  hook.fail_at.clear();
  EXPECT_EQ(transact(nvm, {{500, {0x55}}}), CommitResult::Ok);
  EXPECT_EQ(snapshot(nvm), applied(t1_content, {{500, {0x55}}}));
}

TEST(NvmWear, FailedDataPageIsRedoneByRecover) {
  Nvm nvm(make_image());
  const std::vector<Write> t1 = {{64 * 5, filled(64, 3)}};
  const Bytes t1_content = applied(snapshot(nvm), t1);
  FailingPages hook;
  hook.fail_at[5] = 1;
  nvm.set_wear_hook(&hook);
  EXPECT_EQ(transact(nvm, t1), CommitResult::WriteFailed);
  hook.fail_at.clear();
  nvm.recover();
  EXPECT_EQ(snapshot(nvm), t1_content);
  EXPECT_EQ(nvm.erase_count(5), 2u);
}

TEST(NvmWear, FailedClearStillCommits) {
  Nvm nvm(make_image());
  const std::uint32_t j0 = nvm.data_page_count();
  FailingPages hook;
  hook.fail_at[j0] = 2;  // the clear is j0's second cycle
  nvm.set_wear_hook(&hook);
  EXPECT_EQ(transact(nvm, {{30, {1, 2, 3}}}), CommitResult::Ok);
  EXPECT_EQ(read_bytes(nvm, 30, 3), (Bytes{1, 2, 3}));
  // The header survived the torn clear: the next commit redoes (same bytes)
  // and must clear before journaling; j0 is worn, so it is refused.
  EXPECT_EQ(transact(nvm, {{40, {4}}}), CommitResult::WriteFailed);
  EXPECT_EQ(read_bytes(nvm, 30, 3), (Bytes{1, 2, 3}));
  EXPECT_EQ(nvm.read_u8(40), nvm.image().bytes()[40]);
  hook.fail_at.clear();
  nvm.recover();
  EXPECT_EQ(read_bytes(nvm, 30, 3), (Bytes{1, 2, 3}));
  EXPECT_EQ(transact(nvm, {{40, {4}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.read_u8(40), 4);
}

// README.md "Retention loss": the masked cells read as erased (1); no
// program, no erase; a later program of the page writes it whole again.
TEST(NvmRetention, LostCellsReadErasedWithoutAProgram) {
  Nvm nvm(make_image());
  const Bytes before = snapshot(nvm);
  Bytes cells(64, 0);
  cells[3] = 0x81;  // page 2, byte 3: cells 0 and 7
  nvm.lose_charge(2, cells);
  const Bytes after = snapshot(nvm);
  for (std::size_t i = 0; i < before.size(); ++i) {
    const std::uint8_t expected = i == 2 * 64 + 3 ? static_cast<std::uint8_t>(before[i] | 0x81) : before[i];
    ASSERT_EQ(after[i], expected) << "byte " << i;
  }
  EXPECT_EQ(nvm.erase_count(2), 0u);
  EXPECT_EQ(nvm.program_count(), 0u);
  EXPECT_EQ(nvm.dirty_pages(), (std::vector<std::uint32_t>{2}));
  // A transaction over the page programs it whole: the written byte is new,
  // the lost cells elsewhere in the page stay lost (the redo lays the runs
  // over the page as it reads now).
  EXPECT_EQ(transact(nvm, {{2 * 64 + 10, {0x00}}}), CommitResult::Ok);
  EXPECT_EQ(nvm.read_u8(2 * 64 + 10), 0x00);
  EXPECT_EQ(nvm.read_u8(2 * 64 + 3), static_cast<std::uint8_t>(before[2 * 64 + 3] | 0x81));
  EXPECT_EQ(nvm.erase_count(2), 1u);
}

TEST(NvmRetention, StateWithAnUnprogrammedLostPageRoundTrips) {
  Nvm nvm(make_image());
  Bytes cells(64, 0);
  cells[0] = 0xFF;
  nvm.lose_charge(5, cells);
  EXPECT_EQ(transact(nvm, {{30, {1, 2, 3}}}), CommitResult::Ok);
  std::vector<std::uint8_t> saved;
  nvm.save_state(saved);
  state::Reader in(saved);
  const Nvm parsed = nvm.parse_state(in);
  EXPECT_EQ(snapshot(parsed), snapshot(nvm));
  EXPECT_EQ(parsed.erase_count(5), 0u);
  EXPECT_EQ(parsed.program_count(), nvm.program_count());
}

// Erase counts stay below 2^31 (the bit above marks a record inside a
// commit): a checkpoint with a larger one is refused.
TEST(NvmState, AnEraseCountOf2To31IsRefused) {
  Nvm nvm(make_image());
  ASSERT_EQ(transact(nvm, {{30, {1}}}), CommitResult::Ok);
  std::vector<std::uint8_t> saved;
  nvm.save_state(saved);
  // page size, size, data pages, journal pages, image CRC (u32 each), the
  // program count (u64), the record count (u32), then record 0: page, count.
  const std::size_t count_at = 5 * 4 + 8 + 4 + 4;
  saved[count_at + 3] = 0x80;
  state::Reader in(saved);
  try {
    (void)nvm.parse_state(in);
    ADD_FAILURE() << "accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("NVM erase count 2147483649 is out of range"), std::string::npos) << e.what();
  }
}

TEST(NvmRetention, Misuse) {
  Nvm nvm(make_image());
  Bytes cells(64, 0);
  EXPECT_THROW(nvm.lose_charge(nvm.data_page_count(), cells), std::out_of_range);  // j0
  EXPECT_THROW(nvm.lose_charge(0, Bytes(63, 0)), std::invalid_argument);
  nvm.begin();
  EXPECT_THROW(nvm.lose_charge(0, cells), std::logic_error);
  nvm.abort();
}

}  // namespace test_nvm
}  // namespace cardcore
