#pragma once
// `orgsim summary FILE`: the run's summary again, from its run file alone.
#include <string>

namespace orgsim::app {

// Exit codes: 0 done, 2 not a run file (or of an unknown schema version), 4 unreadable.
int summary_command(const std::string& path, bool json, bool ini);

}  // namespace orgsim::app
