#include "app/input_kind.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "results/hdf5_file.hpp"

namespace orgsim::app {

namespace {

// HDF5's format signature: the first 8 bytes of every file orgsim writes (no user block).
const char kHdf5Signature[] = "\x89HDF\r\n\x1a\n";

bool starts_with_hdf5_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  return in.read(head, sizeof head) && std::equal(head, head + 8, kHdf5Signature);
}

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// True when the INI text has a section that only a sweep file has.
bool has_sweep_section(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::string t = trimmed(line);
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') continue;
    t = trimmed(t.substr(1, t.size() - 2));
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "sweep" || t == "vary" || t.rfind("policy.", 0) == 0) return true;
  }
  return false;
}

InputKind hdf5_kind(const std::string& path) {
  try {
    results::h5::silence_library_errors();
    auto file = results::h5::open_file_read_only(path);
    if (!results::h5::has_attribute(file, "schema")) return InputKind::kOtherHdf5;
    const std::string schema = results::h5::read_string_attribute(file, "schema");
    if (schema == "orgsim-run") return InputKind::kRunFile;
    if (schema == "orgsim-sweep") return InputKind::kSweepIndex;
  } catch (const results::h5::Error&) {
    // damaged or unreadable: still an HDF5 file, and still not for these verbs
  }
  return InputKind::kOtherHdf5;
}

std::string what_it_is(const std::string& path, InputKind kind) {
  switch (kind) {
    case InputKind::kRunFile:
      return path +
             ": this is an orgsim run file (HDF5), not an INI file: read it with `orgsim "
             "summary " +
             path + "` (its scenario: `orgsim summary " + path + " --ini`)";
    case InputKind::kSweepIndex:
      return path +
             ": this is a sweep's index (HDF5), not an INI file: compare its runs with "
             "`/usr/bin/python3 analysis/compare.py FOLDER --baseline POLICY` on its "
             "folder (docs/SWEEPS.md)";
    case InputKind::kOtherHdf5:
      return path + ": this is an HDF5 file, not an INI file";
    default:
      return path;
  }
}

}  // namespace

InputKind input_kind(const std::string& path) {
  if (starts_with_hdf5_signature(path)) return hdf5_kind(path);
  return has_sweep_section(path) ? InputKind::kSweepFile : InputKind::kScenario;
}

std::optional<std::string> wrong_input(const std::string& path, const std::string& verb) {
  const InputKind kind = input_kind(path);
  if (verb == "sweep") {
    if (kind == InputKind::kSweepFile) return std::nullopt;
    if (kind == InputKind::kScenario) {
      std::ifstream in(path);
      if (!in) return std::nullopt;  // the loader names what cannot be read
      return path +
             ": this is a scenario, not a sweep file (it has no [sweep], [policy.NAME] or "
             "[vary] section): run it with `orgsim run " +
             path + "`, or sweep it from a sweep file whose [sweep] has `base = " + path +
             "` (docs/SWEEPS.md)";
    }
    return what_it_is(path, kind) + "; `orgsim sweep` takes a sweep file (docs/SWEEPS.md)";
  }
  if (kind == InputKind::kScenario) return std::nullopt;
  if (kind == InputKind::kSweepFile)
    return path +
           ": this is a sweep file (it has a [sweep], [policy.NAME] or [vary] section), "
           "not a scenario: use `orgsim sweep " +
           path + " -o FOLDER` (docs/SWEEPS.md)";
  return what_it_is(path, kind) + "; `orgsim " + verb + "` takes a scenario (.ini)";
}

}  // namespace orgsim::app
