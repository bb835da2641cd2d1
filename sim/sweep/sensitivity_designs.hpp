#pragma once
// Designs for global sensitivity analysis ([vary] design = sobol | morris), generated here so
// that the sweep file alone defines the runs (analysis/sensitivity.py reads them back from
// sweep.h5 /design). Every coordinate is in [0, 1]; a cell's values are its ranges at those
// coordinates (range_value).
#include <cstdint>
#include <vector>

#include "sweep/design.hpp"

namespace orgsim::sweep {

// Saltelli's sampling for first-order and total Sobol indices: N base samples of two
// independent matrices A and B (uniform draws from the stream "sobol_design" of `seed`: A_j then
// B_j, k coordinates each), and for each j the k cells AB_j^(i), A_j with coordinate i taken
// from B_j. N * (k + 2) cells, sample-major: A_j, B_j, AB_j^(0), ..., AB_j^(k-1).
std::vector<DesignCell> sobol_design(const std::vector<VaryRange>& ranges, std::int64_t samples,
                                     std::uint64_t seed);

// Morris's elementary-effects design: r trajectories of k + 1 cells on a grid of p levels
// {0, 1/(p-1), ..., 1}. Trajectory t (stream "morris_design", id t): a base level per key, a
// direction per key (+delta, or -delta when +delta would leave [0, 1]), and a random order of
// the keys; step s changes the s-th key of that order by its direction. delta = p / (2 (p-1)).
// r * (k + 1) cells, trajectory-major.
std::vector<DesignCell> morris_design(const std::vector<VaryRange>& ranges,
                                      std::int64_t trajectories, std::int64_t levels,
                                      std::uint64_t seed);

}  // namespace orgsim::sweep
