// Nvm: retention loss. A floating-gate cell that loses its charge reads as
// erased (README.md, "Retention loss"); which cells and when is the
// environment's model, not the card's.
#include <cstring>
#include <string>

#include "cardcore/nvm/delta_format.hpp"
#include "cardcore/nvm/nvm.hpp"

namespace cardcore {

void Nvm::lose_charge(std::uint32_t page, std::span<const std::uint8_t> cells) {
  if (page >= data_page_count()) {
    throw std::out_of_range("Nvm::lose_charge: page " + std::to_string(page) + " is not a data page (" +
                            std::to_string(data_page_count()) + " data pages)");
  }
  if (cells.size() != image().page_size()) {
    throw std::invalid_argument("Nvm::lose_charge: a mask of " + std::to_string(cells.size()) +
                                " bytes for pages of " + std::to_string(image().page_size()));
  }
  if (in_transaction()) throw std::logic_error("Nvm::lose_charge inside a transaction");
  std::uint8_t* data = find_or_add_record(page) + delta::kHeaderSize;
  for (std::size_t k = 0; k < cells.size(); ++k) data[k] = static_cast<std::uint8_t>(data[k] | cells[k]);
}

}  // namespace cardcore
