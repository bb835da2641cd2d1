#pragma once
// An allocator whose arrays start on a cache line, for data laid out in line-sized groups (a
// tree's groups of siblings, one organization's hot state): groups that start on a line
// never straddle two, so reading one costs one miss, not two, when it is cold.
#include <cstddef>
#include <new>

namespace orgsim::core {

// The line size of every x86-64 and most ARM64 caches. (std::hardware_destructive_
// interference_size is meant for this, but GCC warns that its value may change.)
inline constexpr std::size_t kCacheLineBytes = 64;

template <class T>
struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{alignof(T) > kCacheLineBytes ? alignof(T)
                                                                            : kCacheLineBytes};

  CacheAlignedAllocator() = default;
  template <class U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) {}

  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlignment); }

  template <class U>
  bool operator==(const CacheAlignedAllocator<U>&) const {
    return true;
  }
  template <class U>
  bool operator!=(const CacheAlignedAllocator<U>&) const {
    return false;
  }
};

}  // namespace orgsim::core
