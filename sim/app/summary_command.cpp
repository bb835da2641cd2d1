#include "app/summary_command.hpp"

#include <iostream>

#include "app/exit_codes.hpp"
#include "results/hdf5_file.hpp"
#include "results/run_file_reader.hpp"

namespace orgsim::app {

int summary_command(const std::string& path, bool json, bool ini) {
  try {
    const results::StoredRun run = results::read_run_file(path);
    if (ini)
      std::cout << run.effective_ini;
    else
      std::cout << (json ? results::format_summary_json(run.summary)
                         : results::format_summary_table(run.summary));
    return kExitOk;
  } catch (const results::NotARunFile& e) {
    std::cerr << "orgsim: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const results::h5::Error& e) {
    std::cerr << "orgsim: cannot read " << path << ": " << e.what() << "\n";
    return kExitIo;
  }
}

}  // namespace orgsim::app
