// libFuzzer target: any bytes as a sweep file (fuzz_inputs.hpp). The planner must list
// problems or return a plan within its bound; never crash or hang (issue 12). Built and run by
// scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!orgsim::fuzz::exercise_sweep(text).empty()) __builtin_trap();
  return 0;
}
