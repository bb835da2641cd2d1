#pragma once
// What kind of file a verb was given, told from its content, so that a file given to the wrong
// verb is named as what it is (a sweep file given to `run`, a scenario given to `sweep`, an HDF5
// file given to either) instead of being parsed as what it is not.
#include <optional>
#include <string>

namespace orgsim::app {

enum class InputKind {
  kScenario,    // INI text without a [sweep], [policy.NAME] or [vary] section (or unreadable)
  kSweepFile,   // INI text with a [sweep], [policy.NAME] or [vary] section
  kRunFile,     // HDF5 with root attribute schema = orgsim-run
  kSweepIndex,  // HDF5 with root attribute schema = orgsim-sweep
  kOtherHdf5,   // any other HDF5 file
};

// Looks at the file's first bytes (HDF5's signature) and, for text, its section headers. A file
// that cannot be opened is a kScenario: the loader then names the reading problem.
InputKind input_kind(const std::string& path);

// Why `path` is not for `verb` ("run" wants a scenario, "sweep" a sweep file), naming what it
// is and the verb to use instead; nullopt when it is of the kind the verb takes.
std::optional<std::string> wrong_input(const std::string& path, const std::string& verb);

}  // namespace orgsim::app
