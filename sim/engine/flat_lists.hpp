#pragma once
// Lists of ids, one per owner (each town's partner units, its service points), in one array:
// owner o's ids are ids[start[o] .. start[o + 1]). The order path reads such a list for many
// orders; behind each Town (its name, its branches, then the list's own allocation) it was two or
// three cold lines at province scale, here it is a few KiB that stay in cache (issue 17).
#include <cstdint>
#include <vector>

namespace orgsim::engine {

class FlatLists {
 public:
  FlatLists() = default;
  // list_of(owner) gives each owner's ids (any container of int32 ids).
  template <class Owners, class ListOf>
  FlatLists(const Owners& owners, ListOf list_of) {
    start_.reserve(owners.size() + 1);
    for (const auto& owner : owners) {
      start_.push_back(static_cast<std::int32_t>(ids_.size()));
      const auto& list = list_of(owner);
      ids_.insert(ids_.end(), list.begin(), list.end());
    }
    start_.push_back(static_cast<std::int32_t>(ids_.size()));
  }

  const std::int32_t* begin(std::int32_t owner) const { return ids_.data() + start_[owner]; }
  const std::int32_t* end(std::int32_t owner) const { return ids_.data() + start_[owner + 1]; }
  std::int32_t size(std::int32_t owner) const { return start_[owner + 1] - start_[owner]; }

 private:
  std::vector<std::int32_t> start_;  // owners + 1 entries
  std::vector<std::int32_t> ids_;
};

}  // namespace orgsim::engine
