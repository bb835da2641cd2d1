#pragma once
// The cells of a sweep's design ([vary]): each cell a set of (key, value) overrides, and where it
// sits in the design, so that an analysis (analysis/sensitivity.py) can read the structure from
// sweep.h5 (/design) instead of guessing it from the order of the runs.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace orgsim::sweep {

// A [vary] key given as a range low..high of a real or integer parameter.
struct VaryRange {
  std::string key;
  double low = 0.0;
  double high = 0.0;
  bool integer = false;  // an int parameter: values are rounded
};

// What a cell is in its design (sweep.h5 /design/role; the numbers are the file's enum codes).
enum class DesignRole : std::uint8_t {
  kGrid = 0,        // a cell of a full grid of listed values
  kA = 1,           // Sobol (Saltelli): base sample j of matrix A
  kB = 2,           // ... of matrix B
  kAB = 3,          // ... A_j with coordinate `key` taken from B_j
  kTrajectory = 4,  // Morris: step `step` of trajectory `sample`
  kLhs = 5,         // a Latin hypercube sample
  kFile = 6,        // a row of a points file
};
inline constexpr int kDesignRoleCount = 7;
const char* to_string(DesignRole role);  // grid, A, B, AB, trajectory, lhs, file

struct DesignCell {
  std::vector<std::pair<std::string, std::string>> values;  // (key, value as text)
  DesignRole role = DesignRole::kGrid;
  std::int32_t sample = 0;   // Sobol base sample, Morris trajectory, else the cell's row
  std::int32_t step = 0;     // Morris: the step within its trajectory (0 = its base point)
  std::int32_t key = -1;     // Sobol AB: the key from B; Morris step > 0: the key changed
  std::vector<double> unit;  // coordinates in [0, 1], one per range (empty: grid, file)
};

// The value of `range` at unit coordinate u, as scenario text: low + u * (high - low), rounded
// for an integer parameter.
std::string range_value(const VaryRange& range, double u);

// The cell at unit coordinates `unit` (one per range).
DesignCell cell_at(const std::vector<VaryRange>& ranges, const std::vector<double>& unit,
                   DesignRole role, std::int32_t sample);

}  // namespace orgsim::sweep
