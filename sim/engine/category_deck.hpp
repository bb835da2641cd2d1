#pragma once
// A deck of service categories dealt to social organizations (engine/world.cpp).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/random_stream.hpp"

namespace orgsim::engine {

// Deals each organization k distinct categories from a shuffled deck of the n categories,
// reshuffled when it runs out. Every category is served as soon as organizations hold enough
// cards (orgs * k >= n), which independent draws would not guarantee in a small district,
// while each organization's mix stays random.
class CategoryDeck {
 public:
  CategoryDeck(core::RandomStream& rng, std::int32_t n) : rng_(rng), deck_(n), next_(n) {
    for (std::int32_t c = 0; c < n; ++c) deck_[c] = c;
  }

  std::vector<std::int32_t> deal(std::int32_t k) {
    std::vector<std::int32_t> hand;
    while (static_cast<std::int32_t>(hand.size()) < k) {
      if (next_ == deck_.size()) shuffle();
      // A card the hand already holds (only possible just after a reshuffle) swaps with the
      // first later card it does not hold; a fresh deck always has one, since k <= n.
      std::size_t pick = next_;
      while (std::find(hand.begin(), hand.end(), deck_[pick]) != hand.end()) ++pick;
      std::swap(deck_[next_], deck_[pick]);
      hand.push_back(deck_[next_++]);
    }
    std::sort(hand.begin(), hand.end());
    return hand;
  }

 private:
  void shuffle() {
    for (std::size_t i = deck_.size() - 1; i > 0; --i)
      std::swap(deck_[i], deck_[rng_.uniform_index(i + 1)]);
    next_ = 0;
  }

  core::RandomStream& rng_;
  std::vector<std::int32_t> deck_;
  std::size_t next_;
};

}  // namespace orgsim::engine
