#pragma once
// A Latin hypercube design for sweeps ([vary] design = lhs): `samples` points in which each
// varied parameter's range is cut into `samples` equal strata and every stratum is used exactly
// once, a stratum's value drawn uniformly inside it. Fewer runs than a full grid for a first look
// at many parameters at once.
#include <cstdint>
#include <vector>

#include "sweep/design.hpp"

namespace orgsim::sweep {

// The design's cells (role lhs, sample = the row). Draws come from the stream
// "latin_hypercube" of `seed`, one per parameter for the permutation and one per value.
std::vector<DesignCell> latin_hypercube(const std::vector<VaryRange>& ranges, std::int64_t samples,
                                        std::uint64_t seed);

}  // namespace orgsim::sweep
