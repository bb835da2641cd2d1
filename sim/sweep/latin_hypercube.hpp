#pragma once
// A Latin hypercube design for sweeps ([vary] design = lhs): `samples` points in which each
// varied parameter's range is cut into `samples` equal strata and every stratum is used exactly
// once, a stratum's value drawn uniformly inside it. Fewer runs than a full grid for a first look
// at many parameters at once.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace orgsim::sweep {

struct VaryRange {
  std::string key;
  double low = 0.0;
  double high = 0.0;
  bool integer = false;  // an int parameter: values are rounded
};

// The design's points: each a list of (key, value as text). Draws come from the stream
// "latin_hypercube" of `seed`, one per parameter for the permutation and one per value.
std::vector<std::vector<std::pair<std::string, std::string>>> latin_hypercube(
    const std::vector<VaryRange>& ranges, std::int64_t samples, std::uint64_t seed);

}  // namespace orgsim::sweep
