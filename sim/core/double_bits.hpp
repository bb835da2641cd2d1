#pragma once
// A double's IEEE 754 bit pattern, and back (what C++20's std::bit_cast does). For doubles
// >= +0 (and +infinity) the patterns, read as unsigned integers, order as the values do: the
// dispatch index's keys compare by them and the timer queue radix-sorts its buckets by them.
#include <cstdint>
#include <cstring>

namespace orgsim::core {

inline std::uint64_t bits_of(double value) {
  static_assert(sizeof(std::uint64_t) == sizeof(double), "double must be 64 bits");
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

inline double double_of(std::uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace orgsim::core
