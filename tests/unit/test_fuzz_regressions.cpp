// Every input saved in tests/fuzz/regressions/ (the defects of issue 12, and every crash or hang
// the fuzz targets ever found: scripts/fuzz saves them there) is replayed through what the fuzz
// targets check, in the ordinary build, so a fixed defect stays fixed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../fuzz/fuzz_inputs.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> saved_inputs(const std::string& kind) {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(ORGSIM_SOURCE_DIR) / "tests/fuzz/regressions" / kind))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FuzzRegressions, SavedScenarioInputs) {
  const auto files = saved_inputs("scenario");
  EXPECT_FALSE(files.empty());
  for (const auto& file : files)
    EXPECT_EQ(orgsim::fuzz::exercise_scenario(read_bytes(file)), "") << file;
}

TEST(FuzzRegressions, SavedSweepInputs) {
  const auto files = saved_inputs("sweep");
  EXPECT_FALSE(files.empty());
  for (const auto& file : files)
    EXPECT_EQ(orgsim::fuzz::exercise_sweep(read_bytes(file)), "") << file;
}

}  // namespace
