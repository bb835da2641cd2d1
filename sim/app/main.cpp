// orgsim: a discrete-event simulator of the "order, dispatch, evaluate" (点单/派单/评单) system of
// grassroots youth-league organizations. Verbs: run, validate, describe.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "app/exit_codes.hpp"
#include "app/explain_command.hpp"
#include "app/run_command.hpp"
#include "app/scenario_input.hpp"
#include "app/summary_command.hpp"
#include "app/sweep_command.hpp"
#include "config/describe.hpp"
#include "engine/simulation.hpp"
#include "results/file_schemas.hpp"
#include "results/hdf5_file.hpp"

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
    "                           (--run-file-schema: result files' tables, summary keys as JSON)\n"
    "  summary RUN.h5           print a run's summary again from its run file\n"
    "  explain RUN.h5 --branch B [--quarter Q] | --org O [--year Y]\n"
    "                           why a branch had its tier, why an organization was\n"
    "                           incubated or denied (--lang zh|en)\n"
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
      "force", "overwrite the output file if it exists")(
      "compress",
      "with -o: shuffle and deflate the file's event tables (about 3.5x smaller, more CPU to "
      "write; every HDF5 reader undoes it)")(
      "allow-large", "run a district whose estimated memory exceeds the machine's")(
      "json", "print the summary as one JSON object")(
      "progress", "print a progress line per simulated month on stderr")(
      "quiet", "no progress lines, even on a terminal")(
      "log", po::value<std::vector<std::string>>()->composing(),
      "SimGrid log setting CATEGORY.thres:LEVEL (repeatable), e.g. orgsim.thres:verbose: "
      "messages on stderr with the simulated time in hours; off by default (categories below)")(
      "narrate", po::value<std::string>(),
      "zh or en: instead of the summary table, tell the story of the year of the agent given by "
      "--follow, from the run's events (with --json: the story on stderr)")(
      "follow", po::value<std::string>(),
      "whose story: branch=NAME, org=NAME, official=NAME (a name or an index) or order=ID")(
      "help,h", "this help");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("run: " + error);
  if (vm.count("help")) {
    std::cout << "usage: orgsim run [SCENARIO.ini] [--seed N] [--set key=value]... "
                 "[-o RUN.h5 [--force] [--compress]]\n"
                 "                  [--json] [--progress|--quiet] [--narrate zh|en --follow "
                 "KIND=NAME]\n"
                 "                  [--log CATEGORY.thres:LEVEL]...\n"
              << options << "\nlog categories:\n";
    for (const auto& c : orgsim::engine::log_categories())
      std::cout << "  " << c.name << std::string(18 - std::string(c.name).size(), ' ')
                << c.description << "\n";
    return kExitOk;
  }
  RunArguments run;
  // --narrate and --follow go together; the name itself is looked up once the scenario loads.
  std::vector<std::string> option_problems;  // of every option: all listed at once
  if (vm.count("narrate")) {
    const auto word = vm["narrate"].as<std::string>();
    run.narrate = orgsim::narrate::parse_language(word);
    if (!run.narrate)
      option_problems.push_back("--narrate " + word + ": not a language; allowed: zh, en");
    if (!vm.count("follow"))
      option_problems.push_back("--narrate " + word + ": no --follow; allowed: --follow " +
                                orgsim::narrate::follow_kinds_allowed());
  }
  if (vm.count("follow")) {
    const auto spec = orgsim::narrate::parse_follow(vm["follow"].as<std::string>());
    if (!spec.problem.empty()) option_problems.push_back(spec.problem);
    run.follow = spec;
    if (!vm.count("narrate"))
      option_problems.push_back("--follow " + vm["follow"].as<std::string>() +
                                ": no --narrate; allowed: --narrate zh or --narrate en");
  }
  if (vm.count("log")) {
    for (const auto& setting : vm["log"].as<std::vector<std::string>>()) {
      const auto problem = orgsim::engine::check_log_setting(setting);
      if (!problem.empty()) option_problems.push_back("--log " + setting + ": " + problem);
    }
    run.log_settings = vm["log"].as<std::vector<std::string>>();
  }
  if (vm.count("compress") && !vm.count("output"))
    option_problems.push_back("--compress: no -o; allowed: --compress with -o RUN.h5");
  if (!option_problems.empty()) {
    std::string message;
    for (const auto& problem : option_problems)
      message += (message.empty() ? "run: " : "\norgsim: run: ") + problem;
    return bad_usage(message);
  }
  if (vm.count("scenario")) run.scenario_path = vm["scenario"].as<std::string>();
  if (vm.count("set")) run.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) run.seed = vm["seed"].as<std::int64_t>();
  run.json = vm.count("json") > 0;
  if (vm.count("output")) run.output = vm["output"].as<std::string>();
  run.force = vm.count("force") > 0;
  run.compress = vm.count("compress") > 0;
  run.allow_large = vm.count("allow-large") > 0;
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
  if (!load_scenario_input(vm["scenario"].as<std::string>(), overrides, seed, {}, {}, "validate"))
    return kExitBadInput;
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

int verb_explain(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("file", po::value<std::string>(), "the run file")(
      "branch", po::value<std::string>(), "a branch (村社团组织): its name or id")(
      "quarter", po::value<long long>(),
      "with --branch: the quarter, 1 to 4 x run.years (default: the last inspected)")(
      "org", po::value<std::string>(), "a social organization (社会组织): its name or id")(
      "year", po::value<long long>(), "with --org: only this year (default: every year decided)")(
      "lang", po::value<std::string>()->default_value("zh"), "zh (Chinese) or en (English)")(
      "help,h", "this help");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("explain: " + error);
  if (vm.count("help") || !vm.count("file")) {
    std::cout << "usage: orgsim explain RUN.h5 --branch NAME|ID [--quarter Q] [--lang zh|en]\n"
                 "       orgsim explain RUN.h5 --org NAME|ID [--year Y] [--lang zh|en]\n"
                 "\n"
                 "Why a branch had its allowance tier (补贴分档) in a quarter: its six score\n"
                 "components against its area's and the district's, the inspectors' noise, its\n"
                 "rank, the cut-offs, the gap to the tier above and which component alone would\n"
                 "have closed it. Why a social organization was incubated (孵化) or denied in\n"
                 "each year: its two rates with their 95% intervals, the rule, its true quality,\n"
                 "the support after, the orders it served and declined. Everything is read from\n"
                 "the run file's recorded events. Exit 2: not a run file or a damaged one, an\n"
                 "unknown name (the nearest names are listed), a quarter or year out of range;\n"
                 "4: the system failed to read the file.\n"
                 "\n"
              << options;
    return vm.count("help") ? kExitOk : kExitBadInput;
  }
  if (vm.count("branch") == vm.count("org"))
    return bad_usage("explain: give either --branch or --org (one of them)");
  if (vm.count("quarter") && !vm.count("branch"))
    return bad_usage("explain: --quarter goes with --branch");
  if (vm.count("year") && !vm.count("org")) return bad_usage("explain: --year goes with --org");
  const auto language = orgsim::narrate::parse_language(vm["lang"].as<std::string>());
  if (!language)
    return bad_usage("explain: --lang " + vm["lang"].as<std::string>() + ": allowed: zh, en");
  ExplainArguments explain;
  explain.file = vm["file"].as<std::string>();
  if (vm.count("branch")) explain.branch = vm["branch"].as<std::string>();
  if (vm.count("org")) explain.org = vm["org"].as<std::string>();
  if (vm.count("quarter")) explain.quarter = vm["quarter"].as<long long>();
  if (vm.count("year")) explain.year = vm["year"].as<long long>();
  explain.language = *language;
  return explain_command(explain);
}

// `orgsim run ARGS` in a child forked by a sweep, as main would run it.
int run_in_forked_child(const std::vector<std::string>& args) {
  try {
    return verb_run(args);
  } catch (const std::exception& e) {
    std::cerr << "orgsim: internal error: " << e.what() << "\n";
    return kExitInternalError;
  }
}

int verb_sweep(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("file", po::value<std::string>(), "the sweep file")(
      "output,o", po::value<std::string>(), "the sweep's folder: runs/ and sweep.h5 go there")(
      "jobs,j", po::value<int>()->default_value(0), "runs at a time (0: one per core)")(
      "resume", "run only what is missing in the folder")(
      "keep", po::value<std::string>()->default_value("all"),
      "all: each run's file and summary; summary: only the summaries (runs/<id>.json)")(
      "compress", "with --keep all: each run file's event tables shuffled and deflated")(
      "run-timeout", po::value<double>()->default_value(7200.0),
      "seconds a run may take before it is stopped and recorded as failed (0: no limit)")(
      "max-runs", po::value<long long>()->default_value(1000000),
      "refuse a plan of more runs than this")(
      "dry-run", "list the runs (id, replication, seed, point) and stop")(
      "shard", po::value<std::string>(),
      "K/N: run only shard K of N (0 <= K < N), never write sweep.h5; auto: K/N from the "
      "launcher's environment (mpirun, srun, a Slurm job array) (docs/CLUSTER.md)")(
      "merge", "run nothing; gather the shards' runs into sweep.h5 and name what is missing")(
      "emit", po::value<std::string>(),
      "slurm: write FOLDER/slurm/ (a job array of shards, the merge, submit.sh) and a frozen "
      "copy of the plan in FOLDER/plan/; submit nothing")(
      "shards", po::value<int>()->default_value(10), "--emit: shards (array tasks)")(
      "cpus-per-shard", po::value<int>()->default_value(1), "--emit: cores a shard runs on")(
      "time", po::value<std::string>()->default_value("1:00:00"), "--emit: a shard's time limit")(
      "partition", po::value<std::string>()->default_value(""), "--emit: the Slurm partition")(
      "account", po::value<std::string>()->default_value(""), "--emit: the Slurm account")(
      "spawn", po::value<std::string>()->default_value("fork"),
      "how each run starts: fork (of the sweep, its libraries loaded) or exec (bench/spawn.sh)")(
      "help,h", "this help");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, positional, vm, error)) return bad_usage("sweep: " + error);
  if (vm.count("help") || !vm.count("file")) {
    std::cout
        << "usage: orgsim sweep SWEEP.ini -o FOLDER [--jobs N] [--keep all|summary] [--compress] "
           "[--run-timeout S] [--max-runs N] [--resume] [--dry-run] [--spawn fork|exec]\n"
           "       [--shard K/N|auto | --merge | --emit slurm [--shards N] "
           "[--cpus-per-shard C] [--time T] [--partition P] [--account A]]\n"
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
  const std::string keep = vm["keep"].as<std::string>();
  if (keep != "all" && keep != "summary")
    return bad_usage("sweep: --keep " + keep + ": allowed: all, summary");
  sweep.keep_run_files = keep == "all";
  sweep.compress = vm.count("compress") > 0;
  if (sweep.compress && !sweep.keep_run_files)
    return bad_usage(
        "sweep: --compress with --keep summary: no run file to compress; allowed: "
        "--compress with --keep all");
  sweep.run_timeout_s = vm["run-timeout"].as<double>();
  if (!(sweep.run_timeout_s >= 0.0) || !std::isfinite(sweep.run_timeout_s))
    return bad_usage("sweep: --run-timeout " + std::to_string(sweep.run_timeout_s) +
                     ": allowed: 0 (no limit) or more seconds");
  sweep.max_runs = vm["max-runs"].as<long long>();
  if (sweep.max_runs < 1)
    return bad_usage("sweep: --max-runs " + std::to_string(sweep.max_runs) +
                     ": allowed: 1 or more");
  if (vm.count("shard")) sweep.shard = vm["shard"].as<std::string>();
  sweep.merge = vm.count("merge") > 0;
  if (vm.count("emit")) sweep.emit = vm["emit"].as<std::string>();
  if (!sweep.emit.empty() && sweep.emit != "slurm")
    return bad_usage("sweep: --emit " + sweep.emit + ": allowed: slurm");
  // A shard always resumes: its runs already done are kept.
  if (static_cast<int>(!sweep.shard.empty()) + static_cast<int>(sweep.merge) +
              static_cast<int>(!sweep.emit.empty()) >
          1 ||
      (sweep.resume && (sweep.merge || !sweep.emit.empty())))
    return bad_usage(
        "sweep: --shard, --merge, --emit: allowed: one of them (--resume only alone "
        "or with --shard)");
  sweep.slurm.shards = vm["shards"].as<int>();
  if (sweep.slurm.shards < 1)
    return bad_usage("sweep: --shards " + std::to_string(sweep.slurm.shards) +
                     ": allowed: 1 or more");
  sweep.slurm.cpus_per_shard = vm["cpus-per-shard"].as<int>();
  if (sweep.slurm.cpus_per_shard < 1)
    return bad_usage("sweep: --cpus-per-shard " + std::to_string(sweep.slurm.cpus_per_shard) +
                     ": allowed: 1 or more");
  sweep.slurm.time = vm["time"].as<std::string>();
  sweep.slurm.partition = vm["partition"].as<std::string>();
  sweep.slurm.account = vm["account"].as<std::string>();
  const std::string spawn = vm["spawn"].as<std::string>();
  if (spawn != "fork" && spawn != "exec")
    return bad_usage("sweep: --spawn " + spawn + ": allowed: fork, exec");
  // The sweep has created no SimGrid engine and started no thread: a forked run starts clean.
  if (spawn == "fork") sweep.run_in_fork = run_in_forked_child;
  return sweep_command(sweep);
}

int verb_describe(const std::vector<std::string>& args) {
  po::options_description options;
  options.add_options()("markdown", "a Markdown table (for docs)")(
      "run-file-schema",
      "instead of the parameters, the run file's and the sweep index's tables, columns, types "
      "and attributes and the JSON summary's keys as JSON (analysis/run_file_schema.json)")(
      "help,h", "this help");
  po::variables_map vm;
  std::string error;
  if (!parse(args, options, {}, vm, error)) return bad_usage("describe: " + error);
  if (vm.count("help")) {
    std::cout << "usage: orgsim describe [--markdown | --run-file-schema]\n" << options;
    return kExitOk;
  }
  if (vm.count("run-file-schema") && vm.count("markdown"))
    return bad_usage("describe: --markdown with --run-file-schema; allowed: one of them");
  if (vm.count("run-file-schema")) {
    std::cout << orgsim::results::result_files_schema_json();
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
  orgsim::results::h5::prepare_library();
  try {
    if (verb == "run") return verb_run(args);
    if (verb == "validate") return verb_validate(args);
    if (verb == "describe") return verb_describe(args);
    if (verb == "summary") return verb_summary(args);
    if (verb == "explain") return verb_explain(args);
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
