#pragma once
// Small text helpers shared by the catalogue and the loader.
#include <string>
#include <string_view>

namespace orgsim::config {

// `text` without leading and trailing white space.
std::string trim(std::string_view text);

}  // namespace orgsim::config
