// Shards (sim/sweep/shards.hpp): the round-robin deal of a plan's runs, "K/N", and the shard
// read from a scheduler's environment.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <ostream>
#include <set>
#include <string>

#include "sweep/shards.hpp"

namespace orgsim::sweep {
namespace {

TEST(Shards, EveryRunBelongsToExactlyOneShardForAnyCount) {
  for (std::size_t total : {0u, 1u, 2u, 7u, 12u, 100u})
    for (std::size_t count : {1u, 2u, 3u, 5u, 8u, 150u}) {
      std::vector<int> seen(total, 0);
      for (std::size_t k = 0; k < count; ++k)
        for (std::size_t run : shard_runs(total, Shard{k, count})) {
          ASSERT_LT(run, total);
          ++seen[run];
          EXPECT_EQ(shard_of(run, count), k);
        }
      for (std::size_t i = 0; i < total; ++i) EXPECT_EQ(seen[i], 1) << total << " " << count;
    }
}

TEST(Shards, RoundRobinGivesShardsSizesThatDifferByAtMostOne) {
  // The plan is replication-major: with 4 points x 3 replications, shard 1 of 3 gets runs 1, 4,
  // 7, 10 (points 1, 0, 3, 2: every point once), not one point's replications.
  EXPECT_EQ(shard_runs(12, Shard{1, 3}), (std::vector<std::size_t>{1, 4, 7, 10}));
  std::set<std::size_t> sizes;
  for (std::size_t k = 0; k < 4; ++k) sizes.insert(shard_runs(10, Shard{k, 4}).size());
  EXPECT_EQ(sizes, (std::set<std::size_t>{2, 3}));
  EXPECT_TRUE(shard_runs(2, Shard{4, 5}).empty());  // more shards than runs: some have none
}

struct ShardText {
  const char* text;
  bool ok;
  std::size_t index, count;
};
void PrintTo(const ShardText& c, std::ostream* out) { *out << '"' << c.text << '"'; }
class ParseShard : public ::testing::TestWithParam<ShardText> {};
TEST_P(ParseShard, AcceptsOnlyKBelowN) {
  const auto& c = GetParam();
  std::string problem;
  const auto shard = parse_shard(c.text, problem);
  ASSERT_EQ(shard.has_value(), c.ok) << c.text;
  if (c.ok) {
    EXPECT_EQ(shard->index, c.index);
    EXPECT_EQ(shard->count, c.count);
    EXPECT_EQ(shard->text(), c.text);
  } else {
    EXPECT_NE(problem.find("allowed: K/N"), std::string::npos) << problem;
  }
}
INSTANTIATE_TEST_SUITE_P(
    Texts, ParseShard,
    ::testing::Values(ShardText{"0/1", true, 0, 1}, ShardText{"2/3", true, 2, 3},
                      ShardText{"999/1000", true, 999, 1000}, ShardText{"3/3", false, 0, 0},
                      ShardText{"0/0", false, 0, 0}, ShardText{"-1/3", false, 0, 0},
                      ShardText{"1", false, 0, 0}, ShardText{"1/", false, 0, 0},
                      ShardText{"/3", false, 0, 0}, ShardText{"1/3/4", false, 0, 0},
                      ShardText{" 1/3", false, 0, 0}, ShardText{"auto", false, 0, 0}),
    [](const ::testing::TestParamInfo<ShardText>& param) {
      // "2/3" -> t2_3_1: test names are letters, digits and _.
      std::string name = "t";
      for (const char c : std::string(param.param.text))
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name + "_" + std::to_string(param.index);
    });

std::optional<Shard> from(const std::map<std::string, std::string>& env, std::string& problem) {
  return shard_from_environment(
      [&env](const char* name) -> const char* {
        const auto found = env.find(name);
        return found == env.end() ? nullptr : found->second.c_str();
      },
      problem);
}

TEST(ShardFromEnvironment, ReadsEachLauncher) {
  std::string problem;
  EXPECT_EQ(from({{"OMPI_COMM_WORLD_RANK", "2"}, {"OMPI_COMM_WORLD_SIZE", "3"}}, problem)->text(),
            "2/3");
  EXPECT_EQ(from({{"PMI_RANK", "0"}, {"PMI_SIZE", "4"}}, problem)->text(), "0/4");
  EXPECT_EQ(from({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "6"}}, problem)->text(), "5/6");
  EXPECT_EQ(from({{"SLURM_ARRAY_TASK_ID", "1"},
                  {"SLURM_ARRAY_TASK_MIN", "0"},
                  {"SLURM_ARRAY_TASK_COUNT", "2"}},
                 problem)
                ->text(),
            "1/2");
  // An array numbered from 1, with only its maximum: K counts from the minimum.
  EXPECT_EQ(from({{"SLURM_ARRAY_TASK_ID", "3"},
                  {"SLURM_ARRAY_TASK_MIN", "1"},
                  {"SLURM_ARRAY_TASK_MAX", "4"}},
                 problem)
                ->text(),
            "2/4");
}

TEST(ShardFromEnvironment, AnMpiRankComesBeforeTheSlurmJobThatStartedIt) {
  std::string problem;
  // mpirun inside an sbatch job: every rank inherits SLURM_PROCID=0 and SLURM_NTASKS.
  EXPECT_EQ(from({{"SLURM_PROCID", "0"},
                  {"SLURM_NTASKS", "1"},
                  {"OMPI_COMM_WORLD_RANK", "1"},
                  {"OMPI_COMM_WORLD_SIZE", "3"}},
                 problem)
                ->text(),
            "1/3");
  // A job array task runs one batch step: SLURM_PROCID=0 of 1 is not its shard.
  EXPECT_EQ(from({{"SLURM_PROCID", "0"},
                  {"SLURM_NTASKS", "1"},
                  {"SLURM_ARRAY_TASK_ID", "1"},
                  {"SLURM_ARRAY_TASK_MIN", "0"},
                  {"SLURM_ARRAY_TASK_COUNT", "2"}},
                 problem)
                ->text(),
            "1/2");
}

TEST(ShardFromEnvironment, SaysWhatItLookedForWhenNothingIsSet) {
  std::string problem;
  EXPECT_FALSE(from({}, problem));
  EXPECT_NE(problem.find("OMPI_COMM_WORLD_RANK"), std::string::npos) << problem;
  EXPECT_NE(problem.find("SLURM_ARRAY_TASK_ID"), std::string::npos) << problem;
  EXPECT_NE(problem.find("--shard K/N"), std::string::npos) << problem;
}

TEST(ShardFromEnvironment, RefusesARankThatIsNotBelowItsSize) {
  std::string problem;
  EXPECT_FALSE(from({{"PMI_RANK", "4"}, {"PMI_SIZE", "4"}}, problem));
  EXPECT_NE(problem.find("PMI_RANK=4"), std::string::npos) << problem;
  EXPECT_FALSE(from({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "2"}}, problem));
  EXPECT_NE(problem.find("SLURM_ARRAY_TASK_ID=x"), std::string::npos) << problem;
}

}  // namespace
}  // namespace orgsim::sweep
