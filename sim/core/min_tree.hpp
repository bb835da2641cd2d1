#pragma once
// A fixed-size array that keeps its minimum: set(i, key) in O(log n), min() in O(1). An
// iterative segment tree over one contiguous vector: at province scale it is several times
// cheaper than a balanced tree of nodes (no allocation per update, few cache misses).
#include <cstddef>
#include <vector>

#include "core/cache_aligned.hpp"

namespace orgsim::core {

template <class Key>
class MinTree {
 public:
  // `size` leaves, each starting at `absent` (which must compare above every real key).
  MinTree(std::size_t size, Key absent) : size_(size), absent_(absent), tree_(2 * size, absent) {}

  void set(std::size_t leaf, const Key& key) {
    std::size_t i = leaf + size_;
    tree_[i] = key;
    for (i /= 2; i >= 1; i /= 2) {
      const Key& smaller = tree_[2 * i + 1] < tree_[2 * i] ? tree_[2 * i + 1] : tree_[2 * i];
      if (tree_[i] == smaller) break;  // nothing above changes
      tree_[i] = smaller;
    }
  }

  // The smallest key (ties: the one that compares smaller, e.g. the lower id in the key); the
  // absent key when there is no leaf or every leaf is absent.
  const Key& min() const { return size_ == 0 ? absent_ : tree_[1]; }
  const Key& at(std::size_t leaf) const { return tree_[leaf + size_]; }
  std::size_t size() const { return size_; }

 private:
  std::size_t size_;
  Key absent_;
  // tree_[1] is the root; leaves at size_ .. 2*size_-1. Siblings 2i and 2i+1 are read
  // together at every level of set(); with a key of 16 or 32 bytes and the array on a cache
  // line they always share a line (a cold pair is one miss, not two).
  std::vector<Key, CacheAlignedAllocator<Key>> tree_;
};

}  // namespace orgsim::core
