#pragma once
// The run file named by `-o`: what is wrong with the path before anything runs, and the
// clean-up of a half-written file when the process is interrupted.
#include <string>
#include <vector>

namespace orgsim::app {

// Problems with writing a new file at `path` ("-o PATH: ..."), none if it can be written:
// its folder must exist and be writable, and it must not exist unless `force`.
std::vector<std::string> output_path_problems(const std::string& path, bool force);

// SIGINT and SIGTERM end the process at once, removing first the file named by
// remove_on_interrupt (the partial run file), so that an interrupted run leaves nothing
// behind that looks like a result. (Installed again after SimGrid starts: it installs its own.)
void install_interrupt_handlers();
void remove_on_interrupt(const std::string& path);
void stop_removing_on_interrupt();

}  // namespace orgsim::app
