#include "config/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <vector>

namespace orgsim::config {

namespace {

// One leading '+' is accepted ("+3"); std::from_chars does not take it.
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

// " (trailing junk "x")": what follows a number's end in `body`.
std::string trailing_junk(const char* end, std::string_view body) {
  return " (trailing junk \"" + std::string(end, body.data() + body.size()) + "\")";
}

// The code points of a UTF-8 string.
std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = code_point_at(text, i);
    out.push_back(c.value);
    i += c.bytes;
  }
  return out;
}

}  // namespace

CodePoint code_point_at(std::string_view text, std::size_t i) {
  const auto first = static_cast<unsigned char>(text[i]);
  const std::size_t length = first < 0x80           ? 1
                             : (first >> 5) == 0x6  ? 2
                             : (first >> 4) == 0xe  ? 3
                             : (first >> 3) == 0x1e ? 4
                                                    : 1;
  const std::size_t bytes = std::min(length, text.size() - i);
  char32_t value = length == 1 ? first : first & (0x7f >> length);
  for (std::size_t k = 1; k < bytes; ++k)
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  return {value, bytes};
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return edit_distance_within(a, b, std::numeric_limits<std::size_t>::max() - 1);
}

std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit) {
  const auto x = code_points(a), y = code_points(b);
  // At least as many edits as the lengths differ.
  if ((x.size() > y.size() ? x.size() - y.size() : y.size() - x.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(y.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t smallest = row[0];
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
      smallest = std::min(smallest, row[j]);
    }
    // A row's smallest entry never falls in the rows below it.
    if (smallest > limit) return limit + 1;
  }
  return row[y.size()] > limit ? limit + 1 : row[y.size()];
}

// A real parsed from the whole text, or a problem: "not a number", "not a number (trailing
// junk ...)", "out of range" (beyond a double).
std::optional<double> to_real(const std::string& text, std::string& problem) {
  const std::string_view body = without_plus(text);
  if (body.empty()) {
    problem = "not a number (empty value)";
    return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (error == std::errc::invalid_argument) {
    problem = "not a number";
    return std::nullopt;
  }
  if (end != body.data() + body.size()) {
    problem = "not a number" + trailing_junk(end, body);
    return std::nullopt;
  }
  if (error == std::errc::result_out_of_range) {
    problem = "out of range";
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    problem = "not a number (must be finite)";
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> to_int(const std::string& text, std::string& problem) {
  const std::string_view body = without_plus(text);
  if (body.empty()) {
    problem = "not an integer (empty value)";
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (error == std::errc::invalid_argument) {
    problem = "not an integer";
    return std::nullopt;
  }
  if (end != body.data() + body.size()) {
    std::string real_problem;
    // "2.5" or "1e3" are numbers, just not integers; "12x" has junk.
    if (to_real(text, real_problem)) {
      problem = "not an integer";
    } else {
      problem = "not an integer" + trailing_junk(end, body);
    }
    return std::nullopt;
  }
  if (error == std::errc::result_out_of_range) {
    problem = "out of range";
    return std::nullopt;
  }
  return value;
}

std::string trim(std::string_view text) {
  const char* const kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

std::string normalized_text(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  return out;
}

InputFile read_input_file(const std::string& path) {
  InputFile out;
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    out.problem = "cannot read file (no such file)";
    return out;
  }
  if (!std::filesystem::is_regular_file(status)) {
    out.problem = "not a regular file";
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.problem = "cannot read file";
    return out;
  }
  std::string text(kMaxInputBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    out.problem = "cannot read file";
    return out;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxInputBytes) {
    out.problem = "larger than " + std::to_string(kMaxInputBytes >> 20) + " MiB";
    return out;
  }
  out.text = std::move(text);
  return out;
}

}  // namespace orgsim::config
