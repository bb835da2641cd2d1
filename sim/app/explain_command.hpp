#pragma once
// `orgsim explain RUN.h5 --branch B [--quarter Q]` and `orgsim explain RUN.h5 --org O [--year Y]`
// (issue 6): why a branch had its allowance tier in a quarter, why an organization was
// incubated or denied, from the run file's recorded events alone.
#include <optional>
#include <string>

#include "narrate/messages.hpp"

namespace orgsim::app {

struct ExplainArguments {
  std::string file;
  std::optional<std::string> branch;  // name or id; exactly one of branch and org
  std::optional<std::string> org;
  std::optional<long long> quarter;  // 1-based over the run; default: the last inspected
  std::optional<long long> year;     // 1-based; default: every year decided
  narrate::Language language = narrate::Language::kZh;
};

// Exit codes: 0 done; 2 bad input (not a run file, an unknown name with the nearest ones, a
// quarter or year out of range); 4 the file could not be read.
int explain_command(const ExplainArguments& arguments);

}  // namespace orgsim::app
