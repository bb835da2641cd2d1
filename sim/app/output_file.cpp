#include "app/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

namespace orgsim::app {

namespace {

// Set before the handler is installed and only read by it: plain storage that a signal
// handler may touch (no allocation, no locks).
char g_partial[4096];

extern "C" void remove_partial_and_exit(int signal_number) {
  if (g_partial[0] != '\0') unlink(g_partial);
  std::signal(signal_number, SIG_DFL);
  raise(signal_number);  // end the way the signal would have ended us
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

std::vector<std::string> output_path_problems(const std::string& path, bool force) {
  std::vector<std::string> problems;
  const std::string prefix = "-o " + path + ": ";
  if (path.empty() || path.back() == '/') {
    problems.push_back(prefix + "not a file name; allowed: a path such as results/base.h5");
    return problems;
  }
  const std::string folder = folder_of(path);
  struct stat info {};
  if (stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    problems.push_back(prefix + "the folder " + folder +
                       " does not exist; allowed: an existing folder (create it first)");
    return problems;
  }
  if (access(folder.c_str(), W_OK) != 0)
    problems.push_back(prefix + "the folder " + folder +
                       " is not writable; allowed: a folder you can write to");
  if (stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode))
      problems.push_back(prefix + "is a folder; allowed: a file name");
    else if (!force)
      problems.push_back(prefix +
                         "already exists; allowed: a new name, or --force to overwrite it");
  }
  return problems;
}

void install_interrupt_handlers() {
  std::signal(SIGINT, remove_partial_and_exit);
  std::signal(SIGTERM, remove_partial_and_exit);
}

void remove_on_interrupt(const std::string& path) {
  std::strncpy(g_partial, path.c_str(), sizeof g_partial - 1);
  install_interrupt_handlers();
}

void stop_removing_on_interrupt() { g_partial[0] = '\0'; }

}  // namespace orgsim::app
