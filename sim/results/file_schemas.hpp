#pragma once
// `orgsim describe --run-file-schema`: the layouts of the run file and of the sweep index as
// the code declares them (run_file_schema.hpp; sweep_index_writer.hpp and headline.hpp), and
// the keys of the JSON summary (summary_schema.hpp), as one JSON object.
// analysis/run_file_schema.json is this output (scripts/gen-run-file-schema); a unit test keeps it
// current and the Python readers check the files they read against it.
#include <string>

namespace orgsim::results {

std::string result_files_schema_json();

}  // namespace orgsim::results
