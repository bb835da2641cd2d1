#pragma once
// A sweep design read from a file of points ([vary] design = file, file = points.csv): any set
// of points, e.g. the waves of analysis/calibrate.py. CSV (RFC 4180, UTF-8): a header row of
// scenario keys, then one row per point; a value holding commas (a list) is "quoted", and ""
// inside quotes is one quote.
#include <string>
#include <vector>

#include "sweep/design.hpp"

namespace orgsim::sweep {

struct PointsFile {
  std::vector<std::string> keys;
  std::vector<DesignCell> cells;      // role file, sample = the row (0-based, header excluded)
  std::vector<std::string> problems;  // each "what: where" (the caller adds file and key)
};

// Parses the CSV text. Every problem is listed: a row with another number of fields than the
// header, an empty or repeated key, an empty value, an unclosed quote, no point at all.
PointsFile parse_points_csv(const std::string& text);

}  // namespace orgsim::sweep
