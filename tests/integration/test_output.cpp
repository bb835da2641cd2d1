// The run file: written whole or not at all, never over an existing file without --force, and
// read back by `orgsim summary` into the very summary the run printed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "results/hdf5_file.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;
using orgsim::testing::read_all;
using orgsim::testing::run_orgsim;

namespace {

const std::string kSmall = " --quiet --set district.scale=0.1";

// A fresh empty folder for one test.
fs::path fresh_folder(const std::string& name) {
  return orgsim::testing::fresh_folder("orgsim-out", name);
}

std::string without_wall_seconds(const std::string& json) {
  return json.substr(0, json.find("\"wall_seconds\""));
}

// Starts `orgsim run` with `arguments` in a child process; returns its pid.
pid_t start_orgsim(const std::vector<std::string>& arguments) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string binary = ORGSIM_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copies = arguments;
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

TEST(RunFile, SummaryFromTheFileIsTheSummaryTheRunPrinted) {
  const auto folder = fresh_folder("summary");
  const std::string file = (folder / "base.h5").string();
  const auto run = run_orgsim("run --json -o " + file + kSmall);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(file + ".partial"));
  const auto summary = run_orgsim("summary " + file + " --json");
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(without_wall_seconds(summary.out), without_wall_seconds(run.out));
  const auto table = run_orgsim("summary " + file);
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("fingerprint"), std::string::npos);
}

// Two years with every behaviour switched on: the behaviour, truth and per-year parts of the
// summary come back from the file byte for byte, under the keys docs/RESULTS.md lists.
TEST(RunFile, SummaryFromTheFileKeepsBehaviourTruthAndYears) {
  const auto folder = fresh_folder("behaviour");
  const std::string file = (folder / "two-years.h5").string();
  const auto run = run_orgsim(
      "run --json -o " + file + kSmall +
      " --set run.years=2 --set behaviour.leader=adaptive --set behaviour.organization=protective"
      " --set behaviour.public=trust --set behaviour.roster=fatigue");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = run_orgsim("summary " + file + " --json");
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(without_wall_seconds(summary.out), without_wall_seconds(run.out));

  const auto j = orgsim::testing::parse_json(summary.out);
  EXPECT_EQ(j.get<int>("years"), 2);
  for (const char* key : {"orders.by_assignee.none",
                          "orders.by_assignee.social_org",
                          "orders.by_assignee.partner_unit",
                          "orders.by_assignee.district_committee",
                          "orders.special_left_to_committee",
                          "incubation.not_enough_data",
                          "incubation.good_denied",
                          "incubation.below_standard_incubated",
                          "incubation.own_rule.wrongly_denied",
                          "incubation.own_rule.wrongly_incubated",
                          "incubation.standard.threshold",
                          "incubation.exited",
                          "activities.youth_contacts",
                          "behaviour.leaders_at_floor",
                          "orders.wait_incl_open_h.mean",
                          "orders.queues.district_committee.open_at_end",
                          "warnings",
                          "incubation.shrunk",
                          "tier_noise.branch_quarters",
                          "tier_noise.changed",
                          "tier_noise.changed_share",
                          "tier_noise.allowance_moved_yuan",
                          "behaviour.declines",
                          "behaviour.declined_orders",
                          "behaviour.declined_to_committee",
                          "behaviour.steered_orders",
                          "behaviour.shifts_covered"})
    EXPECT_TRUE(j.get_child_optional(key)) << key;
  EXPECT_EQ(j.get<std::string>("behaviour.leader"), "adaptive");
  EXPECT_EQ(j.get<std::string>("behaviour.organization"), "protective");
  EXPECT_EQ(j.get<std::string>("behaviour.public"), "trust");
  EXPECT_EQ(j.get<std::string>("behaviour.roster"), "fatigue");
  EXPECT_EQ(j.get_child("incubation.by_year").size(), 2u);
  EXPECT_EQ(j.get_child("tiers").size(), 8u);
  EXPECT_EQ(j.get_child("behaviour.leader_effort_mean").size(), 8u);
  EXPECT_EQ(j.get_child("tiers").back().second.get<int>("year"), 2);
  EXPECT_EQ(j.get_child("tiers").back().second.get<int>("quarter"), 8);
  EXPECT_TRUE(j.get_child("tiers").back().second.get_child_optional("changed_by_noise"));
}

TEST(RunFile, TheStoredScenarioReproducesTheRun) {
  const auto folder = fresh_folder("reproduce");
  const std::string file = (folder / "base.h5").string();
  const auto run =
      run_orgsim("run --json --seed 5 --set incubation.threshold=0.7 -o " + file + kSmall);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ini = run_orgsim("summary " + file + " --ini");
  ASSERT_EQ(ini.exit_code, 0);
  const std::string again = (folder / "again.ini").string();
  std::ofstream(again) << ini.out;
  const auto rerun = run_orgsim("run " + again + " --json --quiet");
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(without_wall_seconds(rerun.out), without_wall_seconds(run.out));
}

TEST(RunFile, AnExistingFileIsKeptUnlessForced) {
  const auto folder = fresh_folder("force");
  const std::string file = (folder / "base.h5").string();
  std::ofstream(file) << "precious";
  const auto refused = run_orgsim("run --json -o " + file + kSmall);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_NE(refused.err.find("already exists"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(read_all(file), "precious");
  const auto forced = run_orgsim("run --json --force -o " + file + kSmall);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(read_all(file), "precious");
}

namespace {
// The filters of a table's chunks, in pipeline order.
std::vector<H5Z_filter_t> filters_of(const std::string& file, const std::string& table) {
  namespace h5 = orgsim::results::h5;
  const h5::Handle f = h5::open_file_read_only(file);
  const h5::Handle dataset = h5::open_dataset(f, table);
  const h5::Handle properties(H5Dget_create_plist(dataset));
  std::vector<H5Z_filter_t> filters;
  for (int i = 0; i < H5Pget_nfilters(properties); ++i) {
    unsigned flags = 0;
    std::size_t values = 0;
    filters.push_back(H5Pget_filter2(properties, static_cast<unsigned>(i), &flags, &values, nullptr,
                                     0, nullptr, nullptr));
  }
  return filters;
}

// Every row of a table, as the bytes of its file type.
std::vector<char> bytes_of(const std::string& file, const std::string& table) {
  namespace h5 = orgsim::results::h5;
  const h5::Handle f = h5::open_file_read_only(file);
  const h5::Handle dataset = h5::open_dataset(f, table);
  const h5::Handle type(H5Dget_type(dataset));
  const h5::Handle space(H5Dget_space(dataset));
  std::vector<char> bytes(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) *
                          H5Tget_size(type));
  if (!bytes.empty()) {
    EXPECT_GE(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), 0);
  }
  return bytes;
}
}  // namespace

TEST(RunFile, CompressHoldsTheSameRowsInFewerBytes) {
  const auto folder = fresh_folder("compress");
  const std::string plain = (folder / "plain.h5").string();
  const std::string compressed = (folder / "compressed.h5").string();
  ASSERT_EQ(run_orgsim("run -o " + plain + kSmall).exit_code, 0);
  const auto made = run_orgsim("run --compress -o " + compressed + kSmall);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  for (const std::string table : {"/orders", "/events/duty_shifts", "/events/branch_activities",
                                  "/events/declines", "/events/incubations"}) {
    SCOPED_TRACE(table);
    EXPECT_TRUE(filters_of(plain, table).empty());
    EXPECT_EQ(filters_of(compressed, table),
              (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
    EXPECT_EQ(bytes_of(plain, table), bytes_of(compressed, table));
  }
  EXPECT_FALSE(bytes_of(plain, "/orders").empty());
  EXPECT_LT(fs::file_size(compressed), fs::file_size(plain) / 2);
  // The tables written at the end, whose rows have padding between fields too (an int32
  // before a double): the same bytes in two runs, not what memory held.
  for (const std::string table : {"/agents/officials", "/agents/social_orgs",
                                  "/agents/service_points", "/weekly", "/summary/warnings"}) {
    SCOPED_TRACE(table);
    EXPECT_EQ(bytes_of(plain, table), bytes_of(compressed, table));
  }
}

TEST(RunFile, CompressWithoutAnOutputIsBadUsage) {
  const auto r = run_orgsim("run --compress" + kSmall);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--compress: no -o; allowed: --compress with -o RUN.h5"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(RunFile, AMissingFolderIsBadInputListedWithTheScenarioProblems) {
  const auto folder = fresh_folder("missing");
  const std::string file = (folder / "no" / "such" / "base.h5").string();
  const auto r = run_orgsim("run -o " + file + kSmall + " --set incubation.threshold=2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("incubation.threshold"), std::string::npos) << r.err;  // all at once
  EXPECT_TRUE(fs::is_empty(folder));
}

TEST(RunFile, AReadOnlyFolderIsBadInput) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders; nothing to test";
  const auto folder = fresh_folder("readonly");
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  const auto r = run_orgsim("run -o " + (folder / "base.h5").string() + kSmall);
  fs::permissions(folder, fs::perms::owner_all);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not writable"), std::string::npos) << r.err;
}

// A run killed half-way leaves no file that looks complete: at most a .partial (SIGKILL can't
// be caught), and nothing at all when it was asked to stop (SIGTERM, SIGINT).
TEST(RunFile, AKilledRunLeavesNoCompleteFile) {
  for (int sig : {SIGKILL, SIGTERM, SIGINT}) {
    const auto folder = fresh_folder("killed-" + std::to_string(sig));
    const std::string file = (folder / "big.h5").string();
    const pid_t pid = start_orgsim({"run", "--quiet", "--set", "district.scale=20", "-o", file});
    // Wait until the partial file exists, i.e. the run is writing.
    for (int i = 0; i < 200 && !fs::exists(file + ".partial"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(fs::exists(file + ".partial")) << "signal " << sig;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "signal " << sig;
    EXPECT_FALSE(fs::exists(file)) << "signal " << sig;
    if (sig != SIGKILL) {
      EXPECT_FALSE(fs::exists(file + ".partial")) << "signal " << sig;
    }
  }
}

TEST(RunFile, SummaryRefusesWhatIsNotARunFile) {
  const auto folder = fresh_folder("refuse");
  const std::string text = (folder / "notes.h5").string();
  std::ofstream(text) << "not hdf5";
  auto r = run_orgsim("summary " + text);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an HDF5 file"), std::string::npos) << r.err;

  namespace h5 = orgsim::results::h5;
  const std::string other = (folder / "other.h5").string();
  {
    h5::Handle f = h5::create_file(other);
    h5::write_attribute(f, "title", std::string("someone else's data"));
    h5::close_file(f, other);
  }
  r = run_orgsim("summary " + other);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an orgsim run file"), std::string::npos) << r.err;

  const std::string future = (folder / "future.h5").string();
  ASSERT_EQ(run_orgsim("run -o " + future + kSmall).exit_code, 0);
  {
    h5::Handle f(H5Fopen(future.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    ASSERT_GE(f.id(), 0);
    H5Adelete(f, "schema_version");
    h5::write_attribute(f, "schema_version", std::int64_t{99});
    h5::close_file(f, future);
  }
  r = run_orgsim("summary " + future);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("schema version 99"), std::string::npos) << r.err;
}

// A full disk during the run: exit 4, and neither the file nor a partial one is left. Needs a
// small file system to fill (a tmpfs, which only root can mount).
TEST(RunFile, AFullDiskExitsFourAndLeavesNoFile) {
  const auto folder = fresh_folder("full");
  const std::string mount = "mount -t tmpfs -o size=200k tmpfs " + folder.string() + " 2>/dev/null";
  if (geteuid() != 0 || std::system(mount.c_str()) != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here";
  const std::string file = (folder / "run.h5").string();
  const auto r = run_orgsim("run --json -o " + file + " --quiet --set district.scale=0.5");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(folder));
  std::system(("umount " + folder.string()).c_str());
}
