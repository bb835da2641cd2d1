#include "core/fingerprint.hpp"

#include "core/double_bits.hpp"

namespace orgsim::core {

namespace {

constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

}  // namespace

void Fingerprint::add(std::uint64_t value) {
  // The 8 bytes little-endian, whatever the host's byte order, so fingerprints are portable.
  for (int i = 0; i < 8; ++i) {
    hash_ ^= (value >> (8 * i)) & 0xffU;
    hash_ *= kFnvPrime;
  }
}

void Fingerprint::add(double value) { add(bits_of(value)); }

void Fingerprint::add(std::string_view text) {
  // The length first, so ("ab", "c") and ("a", "bc") hash differently.
  add(static_cast<std::uint64_t>(text.size()));
  for (const char c : text) {
    hash_ ^= static_cast<unsigned char>(c);
    hash_ *= kFnvPrime;
  }
}

std::string Fingerprint::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(hash_ >> (4 * i)) & 0xfU];
  return out;
}

}  // namespace orgsim::core
