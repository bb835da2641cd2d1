#include "config/describe.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "config/parameter_catalogue.hpp"
#include "config/text.hpp"

namespace orgsim::config {
namespace {

constexpr std::size_t kMaxDefaultColumns = 32;
constexpr std::size_t kColumnGap = 2;

// Columns of one row, in table order.
using Row = std::array<std::string, 6>;
const Row kHeader = {"key", "type", "default", "unit", "range / allowed", "description"};

Row row_of(const ParamSpec& spec) {
  return {spec.key,  to_string(spec.type), spec.default_text,
          spec.unit, range_text(spec),     spec.description};
}

// Terminal columns of a code point: Chinese, Japanese, Korean and full-width forms take two.
std::size_t columns_of(std::uint32_t code) {
  const bool wide = (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
                    (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
                    (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
                    (code >= 0xFFE0 && code <= 0xFFE6) || (code >= 0x20000 && code <= 0x3FFFD);
  return wide ? 2 : 1;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = code_point_at(text, i);
    width += columns_of(c.value);
    i += c.bytes;
  }
  return width;
}

// `text` cut to at most `max_columns` columns, ending in "..." when cut; never splits a
// UTF-8 sequence.
std::string cut_to_width(const std::string& text, std::size_t max_columns) {
  if (display_width(text) <= max_columns) return text;
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const CodePoint c = code_point_at(text, i);
    const std::size_t columns = columns_of(c.value);
    if (width + columns > max_columns - 3) break;
    width += columns;
    i += c.bytes;
  }
  return text.substr(0, i) + "...";
}

std::string padded(const std::string& text, std::size_t columns) {
  return text + std::string(columns - std::min(columns, display_width(text)), ' ');
}

std::string plain_table() {
  std::vector<Row> rows;
  for (const ParamSpec& spec : parameter_catalogue()) {
    Row row = row_of(spec);
    row[2] = cut_to_width(row[2], kMaxDefaultColumns);
    rows.push_back(row);
  }
  // One set of column widths for all sections, so the sections line up.
  std::array<std::size_t, 6> widths{};
  for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = display_width(kHeader[c]);
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  auto line_of = [&widths](const Row& row) {
    std::string line;
    for (std::size_t c = 0; c + 1 < row.size(); ++c) line += padded(row[c], widths[c] + kColumnGap);
    return line + row.back() + "\n";
  };

  std::string text = line_of(kHeader);
  std::string section;
  const auto& catalogue = parameter_catalogue();
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].section() != section) {
      section = catalogue[i].section();
      text += "\n[" + section + "]\n";
    }
    text += line_of(rows[i]);
  }
  return text;
}

std::string markdown_cell(const std::string& text) {
  std::string cell;
  for (char c : text) {
    if (c == '|') cell += '\\';
    cell += c;
  }
  return cell;
}

std::string markdown_table() {
  auto line_of = [](const Row& row) {
    std::string line = "|";
    for (const std::string& cell : row) line += " " + markdown_cell(cell) + " |";
    return line + "\n";
  };
  std::string text = line_of(kHeader) + "|---|---|---|---|---|---|\n";
  for (const ParamSpec& spec : parameter_catalogue()) text += line_of(row_of(spec));
  return text;
}

}  // namespace

std::string describe_catalogue(bool markdown) {
  return markdown ? markdown_table() : plain_table();
}

}  // namespace orgsim::config
