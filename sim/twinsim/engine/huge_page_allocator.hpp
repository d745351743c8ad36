#pragma once
// An allocator for the large arrays every step of a run looks into at
// random (the devices): blocks of 4 MiB and more are asked to live on 2 MiB
// pages (madvise MADV_HUGEPAGE, where the kernel's transparent huge pages
// are in "madvise" mode), so that reaching one device costs no page walk.
// At 100 000 devices and more the devices' 4 KiB pages outnumber the
// processor's TLB entries. Smaller blocks are ordinary ones.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace twinsim {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kFrom = std::size_t{4} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kFrom) return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without it the pages are 4 KiB ones
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kFrom) {
      ::operator delete(p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace twinsim
