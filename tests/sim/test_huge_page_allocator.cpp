// The devices' allocator (huge_page_allocator.hpp): small blocks keep their
// type's alignment, large ones start on a 2 MiB page; both hold what is
// written and go back to where they came from.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "twinsim/engine/device_table.hpp"
#include "twinsim/engine/huge_page_allocator.hpp"

namespace test_huge_page_allocator {

using twinsim::HugePageAllocator;

TEST(HugePageAllocator, SmallBlocksKeepTheirAlignmentLargeOnesStartOnAHugePage) {
  HugePageAllocator<twinsim::Device> a;
  const std::size_t small = 1000;                               // 125 KiB
  const std::size_t large = (std::size_t{8} << 20) / 128 + 1;  // just over 8 MiB
  twinsim::Device* s = a.allocate(small);
  twinsim::Device* l = a.allocate(large);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(s) % 64, 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(l) % (std::uintptr_t{2} << 20), 0u);
  // Every byte usable.
  auto* bytes = reinterpret_cast<unsigned char*>(l);
  for (std::size_t i = 0; i < large * sizeof(twinsim::Device); i += 4096) bytes[i] = static_cast<unsigned char>(i);
  bytes[large * sizeof(twinsim::Device) - 1] = 7;
  EXPECT_EQ(bytes[large * sizeof(twinsim::Device) - 1], 7);
  a.deallocate(l, large);
  a.deallocate(s, small);
}

TEST(HugePageAllocator, AVectorOfManyIntsGrowsAndKeepsItsValues) {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> v;
  for (std::uint64_t i = 0; i < 3'000'000; ++i) v.push_back(i * 3);  // through 4 MiB and past it
  for (std::uint64_t i = 0; i < v.size(); i += 9973) ASSERT_EQ(v[i], i * 3);
}

}  // namespace test_huge_page_allocator
