#pragma once
// Runs the orgsim binary as a child process (SimGrid allows one simulation per process) and
// captures its exit code, stdout and stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace orgsim::testing {

struct Completed {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `arguments` is appended to the binary's path as shell words (tests quote what they need).
inline Completed run_orgsim(const std::string& arguments) {
  char err_path[] = "/tmp/orgsim-test-stderr-XXXXXX";
  const int fd = mkstemp(err_path);
  close(fd);
  const std::string command = std::string(ORGSIM_BINARY) + " " + arguments + " 2>" + err_path;
  Completed c;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 65536> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) c.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  c.err = read_all(err_path);
  unlink(err_path);
  return c;
}

inline boost::property_tree::ptree parse_json(const std::string& text) {
  std::istringstream in(text);
  boost::property_tree::ptree tree;
  boost::property_tree::read_json(in, tree);
  return tree;
}

inline std::string source_path(const std::string& relative) {
  return std::string(ORGSIM_SOURCE_DIR) + "/" + relative;
}

// Writes `text` to a fresh temporary file and returns its path.
inline std::string temp_file(const std::string& text, const std::string& suffix = ".ini") {
  static int counter = 0;
  const std::string path =
      "/tmp/orgsim-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + suffix;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A fresh empty folder for one test: TMP/PREFIX-PID-NAME.
inline std::filesystem::path fresh_folder(const std::string& prefix, const std::string& name) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                       (prefix + "-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

}  // namespace orgsim::testing
