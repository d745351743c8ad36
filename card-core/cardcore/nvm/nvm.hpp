#pragma once
// The card's non-volatile memory: pages with erase counters, copy-on-write over
// a shared factory image, and anti-tearing transactions.
//
// Every persistent write of card-core goes through Nvm::begin()/write()/commit().
// A transaction either takes effect whole or not at all, even when power is
// lost in the middle of programming a page (ISO 7816-4 does not define this;
// real card OSes do it with a journal, which is what is modelled here).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <vector>

#include "cardcore/nvm/nvm_image.hpp"

namespace cardcore {

namespace state {
class Reader;
}

// Thrown out of Nvm::commit() (or recover()) when an armed power-loss point is
// reached: the card lost power while programming a page. The caller (a test,
// the modem model) must treat the card as unpowered and power it up again,
// which calls Nvm::recover().
struct PowerLoss : std::runtime_error {
  PowerLoss() : std::runtime_error("power lost during an NVM page program") {}
};

// Wear hooks: called by Nvm for every page program. The environment model of a
// later layer implements this; card-core only defines the interface.
class NvmWearHook {
 public:
  virtual ~NvmWearHook() = default;
  // Called before a page is erased and programmed. erase_count is the count the
  // page will have after this cycle. Return false to make the program fail (a
  // worn-out page): the page keeps undefined content and commit() reports it.
  virtual bool on_program(std::uint32_t page, std::uint32_t erase_count) = 0;
};

enum class CommitResult : std::uint8_t {
  Ok,
  WriteFailed,  // a page program failed (wear hook said so); see Nvm docs
};

class Nvm {
 public:
  explicit Nvm(std::shared_ptr<const NvmImage> image);

  const NvmImage& image() const;
  std::uint32_t size() const;  // addressable bytes (the image's data size)

  // Reads bytes at addr. Throws std::out_of_range outside [0, size()).
  void read(std::uint32_t addr, std::span<std::uint8_t> out) const;
  std::uint8_t read_u8(std::uint32_t addr) const;

  // Transactions. write() stages bytes (visible to read() at once, as a real
  // card's RAM-cached view is); commit() makes them persistent atomically.
  // Nesting is not supported: begin() inside a transaction throws logic_error.
  // write() outside a transaction and commit() outside one throw logic_error;
  // write() throws std::length_error (staging unchanged) when the transaction
  // would no longer fit journal_capacity(). abort() drops the staged writes and
  // is a no-op outside a transaction (safe in catch handlers).
  //
  // commit() ends the transaction whatever happens (Ok, WriteFailed or a
  // thrown PowerLoss). WriteFailed while programming the journal: nothing of
  // the transaction took effect. WriteFailed while programming a data page:
  // the transaction is committed in the journal but that page holds torn
  // content; every later commit() and recover() first retries the redo, and
  // while it keeps failing each new transaction is refused with WriteFailed:
  // the card is write-locked on a worn page (answer it as a memory problem).
  void begin();
  void write(std::uint32_t addr, std::span<const std::uint8_t> data);
  CommitResult commit();
  void abort();
  bool in_transaction() const;

  // At power-up: completes a transaction whose journal was committed, or drops
  // one that was not, and clears any staged, uncommitted writes. Restartable:
  // a PowerLoss thrown out of recover() is settled by the next recover().
  void recover();

  // Power-loss injection for tests and the fault model: the n-th page program
  // from now (n >= 1) is interrupted, leaving that page torn (its first
  // page_size/2 bytes old, the rest new), and PowerLoss is thrown. The point
  // fires once; n = 0 disarms.
  void arm_power_loss(std::uint32_t n);
  // Number of page programs done so far (journal and data pages alike).
  std::uint64_t program_count() const;

  void set_wear_hook(NvmWearHook* hook);

  // Retention loss, for the environment's model (nvm_retention.cpp): the
  // cells of data page `page` under the set bits of `cells` (page_size
  // bytes; bit b of byte k is the page's cell 8k + b) lose their charge and
  // read as erased, 1 (the erased state is 0xFF). Not a program: the erase
  // count and program_count() stay; the page gets a record if it had none.
  // Throws std::out_of_range for a page that is not a data page,
  // std::invalid_argument for a mask of another size and std::logic_error
  // inside a transaction.
  void lose_charge(std::uint32_t page, std::span<const std::uint8_t> cells);

  // Erase cycles a page has seen; pages are data pages [0, image pages) and
  // then the journal pages.
  std::uint32_t erase_count(std::uint32_t page) const;
  std::uint32_t page_count() const;  // data + journal pages
  // The largest erase count of any page (0 for a card that never programmed one).
  std::uint32_t max_erase_count() const;

  // Heap and inline bytes this card's delta over the image uses: the stored
  // page records (8 + page_size bytes each, exact capacity), the cleared
  // continuation pages' erase counts (8 bytes each), the staging buffer while a
  // transaction is open, and sizeof(Nvm) (64 on LP64).
  std::size_t delta_bytes() const;
  // Asks the processor to load this card's delta into its caches ahead of
  // use: a hint only, nothing observable changes.
  void prefetch() const;

  // --- Added queries (see README.md in this directory) ---
  std::uint32_t data_page_count() const;     // pages holding [0, size())
  std::uint32_t journal_page_count() const;  // pages after the data pages
  // Journal bytes a transaction may fill: each run of contiguous written bytes
  // costs its length + 6; write() throws std::length_error beyond this.
  std::uint32_t journal_capacity() const;
  // Pages (data and journal) this card has programmed at least once, in
  // ascending order: the pages its delta stores.
  std::vector<std::uint32_t> dirty_pages() const;

  // Checkpoints (nvm_state.cpp; layout in card/STATE-FORMAT.md, "NVM
  // section"). save_state() appends the persistent state: the geometry and
  // image CRC it belongs to, program_count() and every programmed page with
  // its erase count. Throws std::logic_error inside a transaction.
  // parse_state() reads such a section and returns an Nvm over this one's
  // image holding it, with this one's wear hook, power-loss injection
  // disarmed and no transaction open; assign it to install it. It checks
  // the geometry and image CRC against this image and the delta's
  // invariants (pages in range and strictly ascending, erase counts >= 1
  // summing to the program count) and throws std::invalid_argument
  // ("card state: ...") otherwise. This Nvm is never changed.
  void save_state(std::vector<std::uint8_t>& out) const;
  Nvm parse_state(state::Reader& in) const;

  Nvm(const Nvm& other);
  Nvm& operator=(const Nvm& other);
  Nvm(Nvm&&) noexcept = default;
  Nvm& operator=(Nvm&&) noexcept = default;
  ~Nvm() = default;

  // The journal needs at least this many bytes (the image may ask for more).
  static constexpr std::uint32_t kJournalMinBytes = NvmImage::kMinJournalBytes;

 private:
  const std::uint8_t* find_record(std::uint32_t page) const;
  const std::uint8_t* find_erased(std::uint32_t page) const;
  std::uint8_t* find_or_add_record(std::uint32_t page);
  void erase_journal_records();
  std::size_t delta_size() const;
  const std::uint8_t* page_content(std::uint32_t page) const;
  bool program_page(std::uint32_t page, const std::uint8_t* content);
  bool apply_runs(std::span<const std::uint8_t> journal);
  // commit(): the pages a sealed journal string programs that have no
  // record yet; their records added in one reallocation before the first
  // program (instead of one each); and those a failed or torn program left
  // unprogrammed, taken out again, so the delta is as if added one by one.
  std::vector<std::uint32_t> pages_without_record(const std::uint8_t* journal, std::uint32_t len,
                                                  std::uint32_t journal_pages) const;
  void add_records(std::span<const std::uint32_t> pages, bool reserved);
  void drop_reserved(std::span<const std::uint32_t> pages);
  CommitResult program_transaction(const std::uint8_t* journal, std::uint32_t len, std::uint32_t journal_pages);
  bool replay_journal();
  std::size_t record_stride() const;

  // Shared factory content; never written.
  std::shared_ptr<const NvmImage> image_;
  // Programmed pages: delta_count_ fixed-stride records {u32 page, u32 erase
  // count, page_size bytes}, sorted by page, then erased_count_ records
  // {u32 page, u32 erase count} of journal pages that read as erased,
  // sorted by page, in one exact-size allocation.
  std::unique_ptr<std::uint8_t[]> delta_;
  // Open transaction: the journal image being built (header space + sorted,
  // merged runs), stage_cap_ bytes (whole pages, up to journal_page_count()
  // of them: it starts at the smallest journal's and grows as runs need);
  // null outside a transaction.
  std::unique_ptr<std::uint8_t[]> stage_;
  NvmWearHook* hook_ = nullptr;
  std::uint64_t program_count_ = 0;
  std::uint32_t delta_count_ = 0;
  std::uint32_t power_loss_in_ = 0;  // programs until the armed tear; 0 = off
  std::uint16_t stage_len_ = 0;      // used bytes of stage_, header included
  std::uint16_t stage_cap_ = 0;      // allocated bytes of stage_
  std::uint16_t erased_count_ = 0;   // erased journal pages after the records
};

}  // namespace cardcore
