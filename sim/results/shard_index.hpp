#pragma once
// A shard's index (docs/CLUSTER.md): one line a run of the shard, with its status, fingerprint
// and headline indicators, so that `orgsim sweep --merge` reads one small file a shard instead
// of every run's summary. Tab-separated text: a header line, then `run_id status fingerprint
// <headline_fields()...> error`; numbers with 17 significant digits, so they read back
// bit for bit. Written whole (as .partial, then renamed) when the shard ends.
#include <optional>
#include <string>
#include <vector>

#include "results/headline.hpp"

namespace orgsim::results {

struct ShardIndexLine {
  std::string run_id;
  bool ok = false;
  std::string fingerprint;  // "" when failed
  Headline headline;
  std::string error;  // why it failed ("" when ok); tabs and line breaks become spaces
};

// Writes `path` whole; false if it cannot.
bool write_shard_index(const std::string& path, const std::vector<ShardIndexLine>& lines);

// The lines of a shard index; nothing and `problem` set when the file cannot be read or is not
// a whole shard index of this version's headline indicators.
std::optional<std::vector<ShardIndexLine>> read_shard_index(const std::string& path,
                                                            std::string& problem);

}  // namespace orgsim::results
