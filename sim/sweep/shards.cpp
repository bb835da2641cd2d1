#include "sweep/shards.hpp"

#include <cerrno>
#include <cstdlib>

namespace orgsim::sweep {

namespace {

// A non-negative decimal integer, the whole text; nothing otherwise.
std::optional<std::size_t> parse_count(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return static_cast<std::size_t>(value);
}

}  // namespace

std::string Shard::text() const { return std::to_string(index) + "/" + std::to_string(count); }

std::optional<Shard> parse_shard(const std::string& text, std::string& problem) {
  const auto slash = text.find('/');
  const auto k = slash == std::string::npos ? std::nullopt : parse_count(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : parse_count(text.substr(slash + 1));
  if (!k || !n || *n == 0 || *k >= *n) {
    problem = text + ": not a shard; allowed: K/N with 0 <= K < N (shard K of N), or auto";
    return std::nullopt;
  }
  return Shard{*k, *n};
}

std::vector<std::size_t> shard_runs(std::size_t total_runs, const Shard& shard) {
  std::vector<std::size_t> runs;
  for (std::size_t i = shard.index; i < total_runs; i += shard.count) runs.push_back(i);
  return runs;
}

std::optional<Shard> shard_from_environment(const std::function<const char*(const char*)>& getenv,
                                            std::string& problem) {
  const auto read = [&](const char* name) -> std::optional<std::string> {
    const char* value = getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  // A rank and a size: the shard is rank/size.
  const auto pair = [&](const char* rank_name,
                        const char* size_name) -> std::optional<std::optional<Shard>> {
    const auto rank = read(rank_name);
    const auto size = read(size_name);
    if (!rank || !size) return std::nullopt;
    const auto k = parse_count(*rank);
    const auto n = parse_count(*size);
    if (!k || !n || *n == 0 || *k >= *n) {
      problem = std::string("--shard auto: ") + rank_name + "=" + *rank + ", " + size_name + "=" +
                *size + ": not a rank below a size";
      return std::optional<Shard>();
    }
    return std::optional<Shard>(Shard{*k, *n});
  };
  for (const auto& [rank, size] :
       {std::pair{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"}, {"PMI_RANK", "PMI_SIZE"}})
    if (const auto shard = pair(rank, size)) return *shard;

  if (const auto id = read("SLURM_ARRAY_TASK_ID")) {
    const auto task = parse_count(*id);
    const auto min = parse_count(read("SLURM_ARRAY_TASK_MIN").value_or("0"));
    const auto count_text = read("SLURM_ARRAY_TASK_COUNT");
    const auto max = read("SLURM_ARRAY_TASK_MAX");
    std::optional<std::size_t> n;
    if (count_text)
      n = parse_count(*count_text);
    else if (max && min && parse_count(*max) && *parse_count(*max) >= *min)
      n = *parse_count(*max) - *min + 1;
    if (!task || !min || !n || *task < *min || *task - *min >= *n) {
      problem = "--shard auto: SLURM_ARRAY_TASK_ID=" + *id +
                " with SLURM_ARRAY_TASK_MIN/_COUNT/_MAX is not a task of a job array "
                "numbered from its minimum in steps of 1 (as `--emit slurm` writes: --array=0-N)";
      return std::nullopt;
    }
    return Shard{*task - *min, *n};
  }
  if (const auto shard = pair("SLURM_PROCID", "SLURM_NTASKS")) return *shard;
  problem =
      "--shard auto: no scheduler's rank in the environment (none of OMPI_COMM_WORLD_RANK/_SIZE, "
      "PMI_RANK/PMI_SIZE, SLURM_ARRAY_TASK_ID with _COUNT or _MAX, SLURM_PROCID/SLURM_NTASKS); "
      "allowed: --shard auto under mpirun, srun or a Slurm job array, or --shard K/N";
  return std::nullopt;
}

}  // namespace orgsim::sweep
