// orgsim: a discrete-event simulator of the "order, dispatch, evaluate" (点单/派单/评单) system of
// grassroots youth-league organizations. Verbs: run, validate, describe.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "app/exit_codes.hpp"
#include "app/run_command.hpp"
#include "app/scenario_input.hpp"
#include "app/summary_command.hpp"
#include "app/sweep_command.hpp"
#include "config/describe.hpp"

namespace po = boost::program_options;
using namespace orgsim::app;

namespace {

const char* kUsage =
    "usage: orgsim <verb> [options]\n"
    "\n"
    "verbs:\n"
    "  run [SCENARIO.ini]       simulate one year and print its summary (default scenario:\n"
    "                           the embedded scenarios/ouhai.ini)\n"
    "  validate SCENARIO.ini    list every problem in a scenario, or print \"ok\"\n"
    "  describe                 list every parameter: key, default, unit, range, meaning\n"
    "  summary RUN.h5           print a run's summary again from its run file\n"
    "  sweep SWEEP.ini -o DIR   run every policy x replication of a sweep (docs/SWEEPS.md)\n"
    "\n"
    "exit status: 0 done, 2 bad input (nothing run or written), 3 a broken invariant,\n"
    "4 a file could not be written or read, 5 some runs of a sweep failed\n";

int bad_usage(const std::string& message) {
  std::cerr << "orgsim: " << message << "\n" << kUsage;
  return kExitBadInput;
}

// Parses the options of one verb; unknown options and stray arguments are errors.
bool parse(const std::vector<std::string>& args, const po::options_description& options,
           const po::positional_options_description& positional, po::variables_map& vm,
           std::string& error) {
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
    return true;
  } catch (const po::error& e) {
    error = e.what();
    return false;
  }
}

po::options_description scenario_options() {
  po::options_description o;
  o.add_options()("scenario", po::value<std::string>(), "scenario INI file")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a parameter: key=value (repeatable)")("seed", po::value<std::int64_t>(),
                                                      "override run.seed");
  return o;
}

int verb_run(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  options.add_options()("output,o", po::value<std::string>(),
                        "write every result of the run to this HDF5 file (docs/RESULTS.md)")(
      "force", "overwrite the output file if it exists")("json",
                                                         "print the summary as one JSON object")(
      "progress", "print a progress line per simulated month on stderr")(
      "quiet", "no progress lines, even on a terminal")("help,h", "this help");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("run: " + error);
  if (vm.count("help")) {
    std::cout << "usage: orgsim run [SCENARIO.ini] [--seed N] [--set key=value]... "
                 "[-o RUN.h5 [--force]]\n"
                 "                  [--json] [--progress|--quiet]\n"
              << options;
    return kExitOk;
  }
  RunArguments run;
  if (vm.count("scenario")) run.scenario_path = vm["scenario"].as<std::string>();
  if (vm.count("set")) run.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) run.seed = vm["seed"].as<std::int64_t>();
  run.json = vm.count("json") > 0;
  if (vm.count("output")) run.output = vm["output"].as<std::string>();
  run.force = vm.count("force") > 0;
  // Progress by default only where a person watches: a terminal, and not --quiet.
  run.progress = vm.count("progress") > 0 || (isatty(STDERR_FILENO) && vm.count("quiet") == 0);
  return run_command(run);
}

int verb_validate(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  options.add_options()("help,h", "this help");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("validate: " + error);
  if (vm.count("help") || !vm.count("scenario")) {
    std::cout << "usage: orgsim validate SCENARIO.ini [--seed N] [--set key=value]...\n" << options;
    return vm.count("help") ? kExitOk : kExitBadInput;
  }
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  std::optional<std::int64_t> seed;
  if (vm.count("seed")) seed = vm["seed"].as<std::int64_t>();
  if (!load_scenario_input(vm["scenario"].as<std::string>(), overrides, seed)) return kExitBadInput;
  std::cout << "ok\n";
  return kExitOk;
}

int verb_summary(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("file", po::value<std::string>(), "the run file")(
      "json", "print the summary as one JSON object")(
      "ini", "print the run's effective scenario (rerun it with orgsim run FILE.ini)")("help,h",
                                                                                       "this help");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("summary: " + error);
  if (vm.count("help") || !vm.count("file")) {
    std::cout << "usage: orgsim summary RUN.h5 [--json | --ini]\n" << options;
    return vm.count("help") ? kExitOk : kExitBadInput;
  }
  return summary_command(vm["file"].as<std::string>(), vm.count("json") > 0, vm.count("ini") > 0);
}

int verb_sweep(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("file", po::value<std::string>(), "the sweep file")(
      "output,o", po::value<std::string>(), "the sweep's folder: runs/ and sweep.h5 go there")(
      "jobs,j", po::value<int>()->default_value(0), "runs at a time (0: one per core)")(
      "resume", "run only what is missing in the folder")(
      "dry-run", "list the runs (id, replication, seed, point) and stop")("help,h", "this help");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("sweep: " + error);
  if (vm.count("help") || !vm.count("file")) {
    std::cout << "usage: orgsim sweep SWEEP.ini -o FOLDER [--jobs N] [--resume] [--dry-run]\n"
              << options;
    return vm.count("help") ? kExitOk : kExitBadInput;
  }
  SweepArguments sweep;
  sweep.sweep_file = vm["file"].as<std::string>();
  if (vm.count("output")) sweep.output = vm["output"].as<std::string>();
  sweep.jobs = vm["jobs"].as<int>();
  if (sweep.jobs < 0)
    return bad_usage("sweep: --jobs " + std::to_string(sweep.jobs) + ": allowed: 0 or more");
  sweep.resume = vm.count("resume") > 0;
  sweep.dry_run = vm.count("dry-run") > 0;
  return sweep_command(sweep);
}

int verb_describe(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("markdown", "a Markdown table (for docs)")("help,h", "this help");
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, {}, vm, error)) return bad_usage("describe: " + error);
  if (vm.count("help")) {
    std::cout << "usage: orgsim describe [--markdown]\n" << options;
    return kExitOk;
  }
  std::cout << orgsim::config::describe_catalogue(vm.count("markdown") > 0);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return bad_usage("no verb given");
  const std::string verb = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (verb == "run") return verb_run(args);
    if (verb == "validate") return verb_validate(args);
    if (verb == "describe") return verb_describe(args);
    if (verb == "summary") return verb_summary(args);
    if (verb == "sweep") return verb_sweep(args);
    if (verb == "--help" || verb == "-h" || verb == "help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (verb == "--version") {
      std::cout << "orgsim " << ORGSIM_VERSION << "\n";
      return kExitOk;
    }
  } catch (const std::exception& e) {
    std::cerr << "orgsim: internal error: " << e.what() << "\n";
    return kExitInternalError;
  }
  return bad_usage("unknown verb '" + verb + "'");
}
