#pragma once
// USIM verification of sequence numbers with an array of SEQ_MS(i) entries
// indexed by IND, TS 33.102 Annex C.2 (the USIM side of the SEQ || IND scheme
// of Annex C.1; Annex C.3.2 profile 2 uses a 5-bit IND, hence 32 entries).
//
// The array is kept by the caller as a small byte image (6 bytes per entry,
// entry i = the last SQN accepted with IND = i, big-endian, initially zero) so
// the card can hold it in NVM. check() reads the image and, for an accepted
// SQN, returns the one entry to rewrite: the caller writes those 6 bytes at
// offset() in a single NVM transaction.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "cardcore/util/bytes.hpp"

namespace cardcore {

// SQN is 48 bits (TS 33.102 §6.3.2), carried big-endian in 6 bytes.
inline constexpr std::size_t kSqnBytes = 6;
inline constexpr std::uint64_t kSqnMax = (std::uint64_t{1} << 48) - 1;

inline std::uint64_t load_sqn48(const std::uint8_t p[6]) {
  std::uint64_t v = 0;
  for (int i = 0; i < 6; ++i) v = (v << 8) | p[i];
  return v;
}
inline void store_sqn48(std::uint8_t p[6], std::uint64_t sqn) {
  for (int i = 5; i >= 0; --i, sqn >>= 8) p[i] = static_cast<std::uint8_t>(sqn);
}

struct SqnPolicy {
  unsigned ind_bits = 5;        // a = 2^ind_bits array entries
  std::uint64_t delta = 0;      // Annex C.2.1: accept only if SEQ - SEQ_MS <= delta; 0 = check off
  std::uint64_t age_limit = 0;  // Annex C.2.2: accept only if SEQ_MS - SEQ < L; 0 = check off
};

enum class SqnVerdict : std::uint8_t {
  Fresh,          // SEQ > SEQ_MS(IND): accept, rewrite entry IND
  NotFresh,       // SEQ <= SEQ_MS(IND): replay (or a too old slot)
  DeltaExceeded,  // SEQ - SEQ_MS > delta
  TooOld,         // SEQ_MS - SEQ >= L
};

// The single entry an accepted SQN changes.
struct SqnEntryWrite {
  std::size_t index = 0;                        // IND
  std::array<std::uint8_t, kSqnBytes> bytes{};  // the accepted SQN
  std::size_t offset() const { return index * kSqnBytes; }  // within the image
};

struct SqnCheck {
  SqnVerdict verdict = SqnVerdict::NotFresh;
  SqnEntryWrite write;  // meaningful when accepted()
  bool accepted() const { return verdict == SqnVerdict::Fresh; }
};

class SqnArray {
 public:
  static constexpr std::size_t kEntryBytes = kSqnBytes;
  static constexpr unsigned kMaxIndBits = 6;
  static constexpr std::size_t kMaxBytes = kEntryBytes << kMaxIndBits;  // 384

  // Throws std::invalid_argument if ind_bits > kMaxIndBits.
  explicit SqnArray(SqnPolicy policy = {});

  const SqnPolicy& policy() const { return policy_; }
  std::size_t entries() const { return std::size_t{1} << policy_.ind_bits; }
  std::size_t image_bytes() const { return entries() * kEntryBytes; }

  std::uint64_t ind(std::uint64_t sqn) const { return sqn & (entries() - 1); }
  std::uint64_t seq(std::uint64_t sqn) const { return sqn >> policy_.ind_bits; }

  // Annex C.2: the initial value of every entry is zero.
  void reset(std::span<std::uint8_t> image) const;

  // Annex C.2.1 (delta), C.2.2 (age limit, then freshness in entry IND).
  // Throws std::invalid_argument if image is shorter than image_bytes() or
  // sqn exceeds 48 bits.
  SqnCheck check(ByteView image, std::uint64_t sqn) const;

  // SQN_MS: the highest SQN accepted anywhere in the array (0 when none), the
  // value a synchronisation failure reports.
  std::uint64_t sqn_ms(ByteView image) const;

  // Writes an accepted entry into a RAM copy of the image.
  void apply(std::span<std::uint8_t> image, const SqnEntryWrite& write) const;

 private:
  void require_image(std::size_t size) const;

  SqnPolicy policy_;
};

}  // namespace cardcore
