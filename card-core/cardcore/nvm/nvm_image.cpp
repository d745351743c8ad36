#include "cardcore/nvm/nvm_image.hpp"

#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

#include "cardcore/nvm/crc32.hpp"

namespace cardcore {

NvmImage::NvmImage(std::vector<std::uint8_t> bytes, std::uint32_t page_size, std::uint32_t journal_bytes)
    : bytes_(std::move(bytes)), page_size_(page_size), data_size_(0), journal_bytes_(journal_bytes), crc_(0) {
  if (page_size < kMinPageSize || page_size > kMaxPageSize) {
    throw std::invalid_argument("NvmImage: page size " + std::to_string(page_size) +
                                " outside [16, 4096]");
  }
  if (journal_bytes < kMinJournalBytes || journal_bytes > kMaxJournalBytes) {
    throw std::invalid_argument("NvmImage: journal of " + std::to_string(journal_bytes) +
                                " bytes outside [320, 16384]");
  }
  // Addresses are 32-bit (Nvm API and journal format); keep the padded image
  // addressable too.
  if (bytes_.size() > std::numeric_limits<std::uint32_t>::max() - page_size) {
    throw std::invalid_argument("NvmImage: content too large for 32-bit addresses");
  }
  data_size_ = static_cast<std::uint32_t>(bytes_.size());
  if (std::has_single_bit(page_size)) page_shift_ = static_cast<std::uint8_t>(std::countr_zero(page_size));
  page_count_ = pages_for(data_size_);
  bytes_.resize(std::size_t{page_count_} * page_size, 0xFF);  // erased state of the padding
  crc_ = crc32(bytes_);
  journal_page_count_ = pages_for(journal_bytes);
}

std::span<const std::uint8_t> NvmImage::page(std::uint32_t index) const {
  if (index >= page_count()) {
    throw std::out_of_range("NvmImage: page " + std::to_string(index) + " of " +
                            std::to_string(page_count()));
  }
  return std::span<const std::uint8_t>(bytes_).subspan(std::size_t{index} * page_size_, page_size_);
}

}  // namespace cardcore
