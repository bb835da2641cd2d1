#include "sweep/design.hpp"

#include <cmath>

#include "config/parameter_catalogue.hpp"

namespace orgsim::sweep {

const char* to_string(DesignRole role) {
  switch (role) {
    case DesignRole::kGrid:
      return "grid";
    case DesignRole::kA:
      return "A";
    case DesignRole::kB:
      return "B";
    case DesignRole::kAB:
      return "AB";
    case DesignRole::kTrajectory:
      return "trajectory";
    case DesignRole::kLhs:
      return "lhs";
    case DesignRole::kFile:
      return "file";
  }
  return "unknown";
}

std::string range_value(const VaryRange& range, double u) {
  const double value = range.low + u * (range.high - range.low);
  return range.integer ? std::to_string(std::llround(value)) : config::format_real(value);
}

DesignCell cell_at(const std::vector<VaryRange>& ranges, const std::vector<double>& unit,
                   DesignRole role, std::int32_t sample) {
  DesignCell cell;
  cell.role = role;
  cell.sample = sample;
  cell.unit = unit;
  for (std::size_t k = 0; k < ranges.size(); ++k)
    cell.values.emplace_back(ranges[k].key, range_value(ranges[k], unit[k]));
  return cell;
}

}  // namespace orgsim::sweep
