// A file given to the wrong verb is named as what it is, with the verb to use (issue 18): a
// sweep file given to `run` or `validate`, a scenario given to `sweep`, an HDF5 file (a run
// file, a sweep index, someone else's) given to either. Exit 2, a few lines, no binary bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "results/hdf5_file.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;
using orgsim::testing::run_orgsim;
using orgsim::testing::source_path;

namespace {

// The message is a few lines of text: no byte of an HDF5 file's header made it through.
void expect_short_text(const orgsim::testing::Completed& r) {
  EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 3) << r.err;
  EXPECT_EQ(r.err.find("HDF\r\n"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\0'), std::string::npos);
}

void expect_refused(const std::string& arguments, const std::string& expected) {
  const auto r = run_orgsim(arguments);
  EXPECT_EQ(r.exit_code, 2) << arguments << "\n" << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << arguments << "\n" << r.err;
  expect_short_text(r);
}

fs::path fresh_folder(const std::string& name) {
  return orgsim::testing::fresh_folder("orgsim-wrong", name);
}

}  // namespace

TEST(WrongInput, ASweepFileGivenToRunSaysUseSweep) {
  const std::string sweep = source_path("scenarios/sweeps/smoke.ini");
  expect_refused("run " + sweep, "this is a sweep file");
  expect_refused("run " + sweep, "use `orgsim sweep " + sweep + " -o FOLDER`");
  expect_refused("validate " + sweep, "this is a sweep file");
}

TEST(WrongInput, AScenarioGivenToSweepSaysUseRun) {
  const std::string scenario = source_path("scenarios/ouhai.ini");
  const auto folder = fresh_folder("scenario");
  expect_refused("sweep " + scenario + " -o " + (folder / "out").string(),
                 "this is a scenario, not a sweep file");
  expect_refused("sweep " + scenario + " --dry-run", "run it with `orgsim run " + scenario + "`");
  EXPECT_FALSE(fs::exists(folder / "out"));
}

TEST(WrongInput, HDF5FilesAreNamedNotParsed) {
  const auto folder = fresh_folder("hdf5");
  const std::string run_file = (folder / "run.h5").string();
  ASSERT_EQ(
      run_orgsim("run --quiet --set district.scale=0.1 --set run.days=28 -o " + run_file).exit_code,
      0);
  expect_refused("run " + run_file, "this is an orgsim run file (HDF5)");
  expect_refused("run " + run_file, "orgsim summary " + run_file);
  expect_refused("validate " + run_file, "`orgsim validate` takes a scenario");
  expect_refused("sweep " + run_file + " -o " + (folder / "out").string(),
                 "`orgsim sweep` takes a sweep file");

  const std::string sweep_ini = (folder / "tiny.ini").string();
  std::ofstream(sweep_ini) << "[sweep]\nreplications = 1\n[policy.a]\ndistrict.scale = 0.1\n"
                              "run.days = 28\n";
  const std::string sweep_folder = (folder / "sweep").string();
  ASSERT_EQ(run_orgsim("sweep " + sweep_ini + " -o " + sweep_folder + " --jobs 1").exit_code, 0);
  const std::string index = sweep_folder + "/sweep.h5";
  expect_refused("run " + index, "this is a sweep's index (HDF5)");
  expect_refused("sweep " + index + " --dry-run", "analysis/compare.py");

  namespace h5 = orgsim::results::h5;
  const std::string other = (folder / "other.h5").string();
  {
    h5::Handle f = h5::create_file(other);
    h5::write_attribute(f, "title", std::string("someone else's data"));
    h5::close_file(f, other);
  }
  expect_refused("run " + other, "this is an HDF5 file, not an INI file");
  fs::remove_all(folder);
}

TEST(WrongInput, AScenarioStillRunsAndASweepStillPlans) {
  EXPECT_EQ(run_orgsim("validate " + source_path("scenarios/ouhai.ini")).exit_code, 0);
  EXPECT_EQ(
      run_orgsim("sweep " + source_path("scenarios/sweeps/smoke.ini") + " --dry-run").exit_code, 0);
}
