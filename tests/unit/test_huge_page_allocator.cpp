// HugePageAllocator: a large array on its own mapping that starts on a huge page and is asked
// to be backed by huge pages; a small one on the heap; both hold what was put in them, and a
// large one's mapping is gone once it is freed.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "core/huge_page_allocator.hpp"

using orgsim::core::HugePageAllocator;
using orgsim::core::HugePageVector;
using orgsim::core::kHugePageArrayAtLeast;
using orgsim::core::kHugePageBytes;

namespace {

bool mapped(const void* address) {
  // msync fails with ENOMEM on an address no mapping holds.
  void* page = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address) / 4096 * 4096);
  return ::msync(page, 4096, MS_ASYNC) == 0 || errno != ENOMEM;
}

// The VmFlags line of the mapping that holds `address`, from /proc/self/smaps ("" if none).
std::string vm_flags_of(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
      inside = from <= at && at < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

bool kernel_has_huge_pages() {
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(setting, text);
  return text.find("[never]") == std::string::npos && !text.empty();
}

}  // namespace

TEST(HugePageAllocator, ALargeArrayStartsOnAHugePageAndAsksForHugePages) {
  HugePageAllocator<double> allocator;
  const std::size_t n = kHugePageArrayAtLeast / sizeof(double) + 3;
  double* p = allocator.allocate(n);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % kHugePageBytes, 0U);
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<double>(i);
  EXPECT_EQ(p[n - 1], static_cast<double>(n - 1));
  if (kernel_has_huge_pages()) {
    // "hg": the kernel recorded madvise(MADV_HUGEPAGE) for the mapping.
    EXPECT_NE(vm_flags_of(p).find(" hg"), std::string::npos) << vm_flags_of(p);
  }
  allocator.deallocate(p, n);
  EXPECT_FALSE(mapped(p));
  EXPECT_FALSE(mapped(reinterpret_cast<char*>(p) + kHugePageBytes - 1));
}

TEST(HugePageAllocator, ASmallArrayStaysOnTheHeap) {
  HugePageAllocator<std::int32_t> allocator;
  std::int32_t* p = allocator.allocate(100);
  for (std::int32_t i = 0; i < 100; ++i) p[i] = i * 3;
  EXPECT_EQ(p[99], 297);
  EXPECT_EQ(vm_flags_of(p).find(" hg"), std::string::npos);
  allocator.deallocate(p, 100);
}

TEST(HugePageAllocator, AVectorKeepsItsElementsAsItGrowsOntoHugePagesAndBack) {
  HugePageVector<std::uint64_t> values;
  const std::size_t n = 3 * kHugePageBytes / sizeof(std::uint64_t);  // three huge pages' worth
  for (std::size_t i = 0; i < n; ++i) values.push_back(i * 7 + 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(values.data()) % kHugePageBytes, 0U);
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(values[i], i * 7 + 1) << "at " << i;
  values.resize(10);
  values.shrink_to_fit();  // back to the heap
  ASSERT_EQ(values.size(), 10U);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(values[i], i * 7 + 1);
}

TEST(HugePageAllocator, AnImpossibleSizeIsRefused) {
  HugePageAllocator<std::uint64_t> allocator;
  EXPECT_THROW(allocator.allocate(SIZE_MAX / 4), std::bad_array_new_length);
}
