#pragma once
// A fixed-size array that keeps its minimum: set(i, key) in O(log n), min() in O(1). A 4-ary
// tree over one contiguous vector: at province scale it is several times cheaper than a
// balanced tree of nodes (no allocation per update, few cache misses).
#include <cstddef>
#include <vector>

#include "core/cache_aligned.hpp"

namespace orgsim::core {

template <class Key>
class MinTree {
 public:
  // `size` leaves, each starting at `absent` (which must compare above every real key).
  MinTree(std::size_t size, Key absent)
      : size_(size),
        first_leaf_(first_leaf_for(size)),
        absent_(absent),
        // Every level is full: the leaves past `size` stay absent.
        tree_(kOffset + first_leaf_ + leaf_count(size), absent) {}

  void set(std::size_t leaf, const Key& key) {
    std::size_t n = first_leaf_ + leaf;
    node(n) = key;
    while (n > 0) {
      const std::size_t parent = (n - 1) / 4;
      // The four children share a cache line: one miss when cold, where a binary tree's
      // update went through twice as many levels, each on its own line.
      // The smallest of the four as a tournament of pointers: the two first compares are
      // independent, and choosing a pointer needs no branch (with a key whose compare needs
      // none either, such as LoadKey, the walk has no branch that depends on the keys but the
      // one that stops it).
      const Key* child = &node(4 * parent + 1);
      const Key* smallest = smaller(smaller(&child[0], &child[1]), smaller(&child[2], &child[3]));
      if (node(parent) == *smallest) break;  // nothing above changes
      node(parent) = *smallest;
      n = parent;
    }
  }

  // The smallest key (ties: the one that compares smaller, e.g. the lower id in the key); the
  // absent key when there is no leaf or every leaf is absent.
  const Key& min() const { return size_ == 0 ? absent_ : node(0); }
  const Key& at(std::size_t leaf) const { return node(first_leaf_ + leaf); }
  std::size_t size() const { return size_; }

 private:
  // Node n's children are 4n+1 .. 4n+4 (the root is 0); node n is stored at tree_[n + kOffset],
  // so that every group of four children starts at a multiple of four in the array and, with
  // keys of 16 bytes and the array on a cache line, fills exactly one line.
  static constexpr std::size_t kOffset = 3;

  // Leaves in the last level: the smallest power of 4 that holds `size` (at least 1).
  static std::size_t leaf_count(std::size_t size) {
    std::size_t leaves = 1;
    while (leaves < size) leaves *= 4;
    return leaves;
  }
  // Nodes above the last level: 1 + 4 + ... + leaves/4.
  static std::size_t first_leaf_for(std::size_t size) { return (leaf_count(size) - 1) / 3; }

  // The smaller of two keys (a when they are equal), chosen by arithmetic on the pointers:
  // compilers turned `?:` into a branch, which the keys' random order mispredicts half the time.
  static const Key* smaller(const Key* a, const Key* b) {
    return a + (b - a) * static_cast<std::ptrdiff_t>(*b < *a);
  }

  Key& node(std::size_t n) { return tree_[n + kOffset]; }
  const Key& node(std::size_t n) const { return tree_[n + kOffset]; }

  std::size_t size_;
  std::size_t first_leaf_;  // the node of leaf 0
  Key absent_;
  std::vector<Key, CacheAlignedAllocator<Key>> tree_;
};

}  // namespace orgsim::core
