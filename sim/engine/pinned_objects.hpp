#pragma once
// Objects that pending timers point at, constructed in place, side by side, in one array that
// never grows past its first allocation (so they never move), on huge pages once it is large
// (core::HugePageAllocator). A province has 20,000 branches' lives and thousands of sources,
// each waking from a timer hours after the last time: allocated one by one they lay on as many
// scattered 4 KiB pages, and fetching one cost a TLB miss before the cache miss (issue 17).
#include <cstddef>
#include <stdexcept>
#include <utility>

#include "core/huge_page_allocator.hpp"

namespace orgsim::engine {

template <class T>
class PinnedObjects {
 public:
  explicit PinnedObjects(std::size_t capacity) { objects_.reserve(capacity); }
  PinnedObjects(const PinnedObjects&) = delete;
  PinnedObjects& operator=(const PinnedObjects&) = delete;

  // Constructs the next object in place; throws std::logic_error past the capacity (growing
  // would move the objects that timers point at).
  template <class... Args>
  T& emplace(Args&&... args) {
    if (objects_.size() == objects_.capacity())
      throw std::logic_error("more objects than the capacity they were pinned with");
    return objects_.emplace_back(std::forward<Args>(args)...);
  }

  std::size_t size() const { return objects_.size(); }
  T* begin() { return objects_.data(); }
  T* end() { return objects_.data() + objects_.size(); }

 private:
  core::HugePageVector<T> objects_;
};

}  // namespace orgsim::engine
