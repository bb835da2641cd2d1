#pragma once

namespace orgsim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternalError = 1;  // a bug: please report it
inline constexpr int kExitBadInput = 2;       // scenario, flags: every problem was listed
inline constexpr int kExitInvariant = 3;      // the run broke an invariant and stopped
inline constexpr int kExitIo = 4;             // could not read or write a file
inline constexpr int kExitRunsFailed = 5;     // a sweep finished, but some of its runs failed

}  // namespace orgsim::app
