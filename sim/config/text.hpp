#pragma once
// Small text helpers shared by the catalogue and the loader.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orgsim::config {

// A number that is the whole of `text` (one leading '+' allowed, no white space), or nothing
// and `problem` says why: "not a number", "not a number (trailing junk "x")", "out of range",
// "not a number (must be finite)"; for to_int also "not an integer" (2.5, 1e3).
std::optional<double> to_real(const std::string& text, std::string& problem);
std::optional<std::int64_t> to_int(const std::string& text, std::string& problem);

// One code point of UTF-8 text at byte `i`: its value and its length in bytes. A byte that
// does not start a well-formed sequence is a code point of its own (one byte); a sequence cut
// short by the end of the text ends there.
struct CodePoint {
  char32_t value;
  std::size_t bytes;
};
CodePoint code_point_at(std::string_view text, std::size_t i);

// The edit (Levenshtein) distance between two UTF-8 strings, counted in code points (one
// Chinese character is one edit): the one measure behind every "did you mean" (a scenario key
// or section) and every list of nearest names (--follow, explain).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The same when it is at most `limit`; otherwise limit + 1, found without finishing the table
// as soon as it must exceed the limit (a suggestion among hundreds of keys for junk input
// costs little: issue 12's fuzzing).
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit);

// `text` without leading and trailing white space.
std::string trim(std::string_view text);

// The text of an input file as the INI readers take it: without a UTF-8 byte-order mark (as
// Windows editors write one), and with every line end "\n" (CR LF and a lone CR, the old Mac
// line end, become LF: a file with CR line ends is not one long line).
std::string normalized_text(std::string_view text);

// Input files (scenarios, sweeps, points) are small: a bound keeps a wrong path (a device, a
// huge file) from being read without end.
inline constexpr std::size_t kMaxInputBytes = 16u << 20;  // 16 MiB

struct InputFile {
  std::optional<std::string> text;  // the whole file, when it could be read
  std::string problem;              // otherwise why not: "cannot read file", ...
};

// Reads a regular file of at most kMaxInputBytes.
InputFile read_input_file(const std::string& path);

}  // namespace orgsim::config
