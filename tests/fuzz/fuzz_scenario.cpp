// libFuzzer target: any bytes as a scenario file (fuzz_inputs.hpp). The loader must list
// problems or return a scenario; never crash, hang or run away with memory (issue 12). Built and
// run by scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!orgsim::fuzz::exercise_scenario(text).empty()) __builtin_trap();
  return 0;
}
