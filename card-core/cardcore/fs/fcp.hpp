#pragma once
// The FCP template a SELECT returns, TS 102 221 §11.1.1.3 and §11.1.1.4.
#include <cstdint>
#include <span>

#include "cardcore/apdu/response.hpp"
#include "cardcore/fs/file_node.hpp"

namespace cardcore {

// One entry of the PIN status template DO (§11.1.1.4.10, tag 'C6').
struct PinStatus {
  std::uint8_t key_ref;
  bool enabled;
};

// Appends the FCP template ('62') of `f` to `r`. `pins` is only used for
// DFs/ADFs/MF. Returns false if it did not fit (cannot happen for the
// sizes TS 102 221 allows).
bool append_fcp(const FileNode& f, LifeCycle lcs, std::span<const PinStatus> pins, Response& r);

// §11.1.1.4.3: file descriptor byte of an EF.
std::uint8_t file_descriptor_byte(const FileNode& f);

}  // namespace cardcore
