#pragma once
// The key OrgIndex orders organizations by for least-loaded dispatch: (load per staff member,
// tie-break key, organization), smallest first, as a tuple of the three compares. Packed in 16
// bytes (the tuple took 24) so that the four siblings a MinTree update compares fill one cache
// line: at province scale the trees' lower levels are cold, and siblings that straddled two
// lines were two misses (issue 17).
//
// The load is kept as its bit pattern: for doubles >= +0 (and +infinity) the patterns, read as
// unsigned integers, order as the values do. A compare is then one 128-bit integer compare,
// without a branch. The dispatched organization is the least loaded, so its update walks the
// whole height of its trees, and a branch per compare, taken one way or the other at random,
// was mispredicted often enough to make the walk's length show in the cost per order (six
// levels at province scale, two in the default district).
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/double_bits.hpp"

namespace orgsim::engine {

class LoadKey {
 public:
  // Organizations 0 .. kMaxOrg (the low 24 bits; the all-ones value marks the absent key).
  static constexpr int kOrgBits = 24;
  static constexpr std::int32_t kMaxOrg = (std::int32_t{1} << kOrgBits) - 2;
  // Tie keys -1 .. kMaxTieKey (the high 40 bits hold tie key + 1): a dispatch count, so about a
  // trillion dispatches; with the lowest-index tie-break every tie key is 0.
  static constexpr std::int64_t kMaxTieKey = (std::int64_t{1} << (64 - kOrgBits)) - 2;

  // Loads >= 0 (a negative load or NaN is a bug upstream). Throws std::out_of_range outside
  // those ranges rather than order organizations wrongly.
  LoadKey(double load, std::int64_t tie_key, std::int32_t org)
      : load_bits_(ordered_bits(load)), tie_and_org_(pack(tie_key, org)) {}

  // Above every real key (no organization has an infinite load: staff >= 1).
  static LoadKey absent() { return LoadKey(); }
  bool is_absent() const { return tie_and_org_ == kAbsentWord; }

  double load() const { return core::double_of(load_bits_); }
  std::int64_t tie_key() const { return static_cast<std::int64_t>(tie_and_org_ >> kOrgBits) - 1; }
  std::int32_t org() const { return static_cast<std::int32_t>(tie_and_org_ & kOrgMask); }

  // The tuple's order: the packed word compares as (tie key, org) because the tie key sits in
  // the high bits and both fields are non-negative there; so the key compares as one 128-bit
  // number, which the compiler does with a subtract and a borrow, no branch (see the top).
  friend bool operator<(const LoadKey& a, const LoadKey& b) { return a.wide() < b.wide(); }
  friend bool operator==(const LoadKey& a, const LoadKey& b) {
    return (a.load_bits_ == b.load_bits_) & (a.tie_and_org_ == b.tie_and_org_);
  }

 private:
  static constexpr std::uint64_t kOrgMask = (std::uint64_t{1} << kOrgBits) - 1;
  static constexpr std::uint64_t kAbsentWord = std::numeric_limits<std::uint64_t>::max();

  LoadKey()
      : load_bits_(core::bits_of(std::numeric_limits<double>::infinity())),
        tie_and_org_(kAbsentWord) {}

  __extension__ using Wide = unsigned __int128;  // GCC's and Clang's; __extension__: not ISO
  Wide wide() const { return (static_cast<Wide>(load_bits_) << 64) | tie_and_org_; }

  static std::uint64_t ordered_bits(double load) {
    if (!(load >= 0.0))
      throw std::out_of_range("dispatch index: load " + std::to_string(load) +
                              " is not a number >= 0");
    return core::bits_of(load + 0.0);  // -0 becomes +0, whose pattern is the smallest
  }

  static std::uint64_t pack(std::int64_t tie_key, std::int32_t org) {
    if (org < 0 || org > kMaxOrg)
      throw std::out_of_range("dispatch index: organization " + std::to_string(org) +
                              " is outside 0.." + std::to_string(kMaxOrg));
    if (tie_key < -1 || tie_key > kMaxTieKey)
      throw std::out_of_range("dispatch index: tie-break key " + std::to_string(tie_key) +
                              " is outside -1.." + std::to_string(kMaxTieKey));
    return (static_cast<std::uint64_t>(tie_key + 1) << kOrgBits) | static_cast<std::uint64_t>(org);
  }

  std::uint64_t load_bits_;  // the load's IEEE 754 pattern
  std::uint64_t tie_and_org_;
};

static_assert(sizeof(LoadKey) == 16, "two keys must fill half a cache line");

}  // namespace orgsim::engine
