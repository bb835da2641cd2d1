#pragma once
// `orgsim describe`: the parameter catalogue as a table, for people (plain text, grouped by
// section) or for the docs (Markdown, the columns of docs/PARAMETERS.md).
#include <string>

namespace orgsim::config {

// Every parameter: key, type, default, unit, range / allowed, description.
// Plain text cuts defaults longer than 32 columns with "..." (the effective INI of a run shows
// them whole); Markdown shows everything.
std::string describe_catalogue(bool markdown);

}  // namespace orgsim::config
