#pragma once
// An allocator that puts a large array on transparent huge pages (2 MiB) and a small one on the
// ordinary heap. For the arrays an order's path reads at random (the order pool, the
// organizations' blocks, the timers' slots): at province scale they span thousands of 4 KiB
// pages, more than the TLB holds, and on a virtual machine every TLB miss is a two-level page
// walk. Even a store waits for it, since it may not retire before its address is translated
// (issue 17; bench/README.md).
//
// Only these arrays: the whole heap on huge pages (glibc's `glibc.malloc.hugetlb=1`) also puts
// every SimGrid actor's stack on one, 2 MiB each. Where the kernel gives no huge pages (the
// setting `never`, or no memory to compact) the array gets ordinary pages: the same results,
// at the ordinary speed.
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace orgsim::core {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Arrays of at least this many bytes are mapped on huge pages: half a huge page, so that the
// rounding up wastes at most as much as the array holds.
inline constexpr std::size_t kHugePageArrayAtLeast = kHugePageBytes / 2;

// The mapping behind a large array: its bytes rounded up to whole huge pages, starting on one
// (an unaligned mapping would leave its ends on ordinary pages).
void* map_huge_pages(std::size_t bytes);
void unmap_huge_pages(void* start, std::size_t bytes);

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static_assert(alignof(T) <= kHugePageBytes, "a huge page aligns any type");

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kHugePageArrayAtLeast) return static_cast<T*>(map_huge_pages(bytes));
    return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* p, std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kHugePageArrayAtLeast) {
      unmap_huge_pages(p, bytes);
    } else {
      ::operator delete (p, std::align_val_t{alignof(T)});
    }
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};

// A vector on huge pages once it is large.
template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace orgsim::core
