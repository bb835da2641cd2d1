#include "config/text.hpp"

#include <filesystem>
#include <fstream>

namespace orgsim::config {

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
