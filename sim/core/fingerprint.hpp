#pragma once
// A run's fingerprint: a 64-bit FNV-1a hash of its ordered event stream. Two runs with the same
// fingerprint emitted the same events with the same values in the same order.
#include <cstdint>
#include <string>
#include <string_view>

namespace orgsim::core {

class Fingerprint {
 public:
  void add(std::uint64_t value);
  void add(std::int64_t value) { add(static_cast<std::uint64_t>(value)); }
  void add(int value) { add(static_cast<std::uint64_t>(static_cast<std::int64_t>(value))); }
  void add(double value);  // by its bit pattern
  void add(std::string_view text);
  std::uint64_t value() const { return hash_; }
  std::string hex() const;  // 16 lowercase hex digits

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;  // FNV-1a 64 offset basis
};

}  // namespace orgsim::core
