#pragma once
// The factory NVM image of a profile: immutable, shared by every card made
// from that profile.
#include <cstdint>
#include <span>
#include <vector>

namespace cardcore {

class NvmImage {
 public:
  // Page sizes Nvm supports: its journal header and tearing model need at
  // least 16 bytes; EEPROM/flash pages of card chips are 32..512 bytes.
  static constexpr std::uint32_t kMinPageSize = 16;
  static constexpr std::uint32_t kMaxPageSize = 4096;

  // The smallest transaction journal (Nvm): an UPDATE BINARY/RECORD of 255
  // bytes (one 261-byte run) plus a few small bookkeeping runs.
  static constexpr std::uint32_t kMinJournalBytes = 320;
  static constexpr std::uint32_t kMaxJournalBytes = 16384;  // the journal's 16-bit lengths

  // bytes is the initial content; it is padded with 0xFF to whole pages.
  // journal_bytes: how much one NVM transaction may stage (the card chip's
  // transaction buffer), at least kMinJournalBytes. Throws
  // std::invalid_argument for a page size outside [kMinPageSize,
  // kMaxPageSize], a journal outside [kMinJournalBytes, kMaxJournalBytes],
  // or content of 4 GiB or more.
  NvmImage(std::vector<std::uint8_t> bytes, std::uint32_t page_size = 64,
           std::uint32_t journal_bytes = kMinJournalBytes);

  std::uint32_t page_size() const { return page_size_; }
  std::uint32_t data_size() const { return data_size_; }  // size before padding
  std::uint32_t journal_bytes() const { return journal_bytes_; }
  std::uint32_t page_count() const { return page_count_; }
  // The pages of a journal of journal_bytes() (Nvm: after the data pages).
  std::uint32_t journal_page_count() const { return journal_page_count_; }
  // The page holding byte addr: a shift for the usual power-of-two page
  // sizes (a division was a hot spot of every NVM read; bench_activity).
  std::uint32_t page_of(std::uint32_t addr) const { return page_shift_ != 0 ? addr >> page_shift_ : addr / page_size_; }
  // Whole pages that hold `bytes` bytes.
  std::uint32_t pages_for(std::uint32_t bytes) const { return bytes == 0 ? 0 : page_of(bytes - 1) + 1; }
  // Throws std::out_of_range for index >= page_count().
  std::span<const std::uint8_t> page(std::uint32_t index) const;
  std::span<const std::uint8_t> bytes() const { return bytes_; }
  // CRC-32 of bytes() (padding included), computed once at construction: the
  // image's identity in card state snapshots (card/STATE-FORMAT.md).
  std::uint32_t crc() const { return crc_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint32_t page_size_;
  std::uint32_t data_size_;
  std::uint32_t journal_bytes_;
  std::uint32_t crc_;
  std::uint32_t page_count_ = 0;
  std::uint32_t journal_page_count_ = 0;
  std::uint8_t page_shift_ = 0;  // log2(page_size) when a power of two, else 0
};

}  // namespace cardcore
