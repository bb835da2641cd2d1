#include "config/text.hpp"

namespace orgsim::config {

std::string trim(std::string_view text) {
  const char* const kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace orgsim::config
