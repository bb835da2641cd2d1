#pragma once
// Shards: a sweep split over the tasks of a cluster scheduler (a Slurm job array, the ranks of
// an MPI launcher), each task running the runs of its own shard into the one shared sweep
// folder (docs/CLUSTER.md). Runs are dealt round-robin over the plan, which is
// replication-major, so every shard gets a mix of points and the heavy points are spread
// evenly; any number of shards works, and a run belongs to exactly one shard of N.
//
// orgsim never links MPI (libsimgrid exports SimGrid's own simulated MPI_* symbols): a task
// learns its shard from the launcher's environment variables alone.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace orgsim::sweep {

struct Shard {
  std::size_t index = 0;     // K: 0 .. count-1
  std::size_t count = 1;     // N
  std::string text() const;  // "K/N"
};

// "K/N" with 0 <= K < N (both decimal); nothing and `problem` set when the text is not that.
std::optional<Shard> parse_shard(const std::string& text, std::string& problem);

// The shard of run `run` (its index in the plan) among `count` shards.
inline std::size_t shard_of(std::size_t run, std::size_t count) { return run % count; }

// The plan's runs (indices into SweepPlan::runs, in plan order) that belong to `shard`.
std::vector<std::size_t> shard_runs(std::size_t total_runs, const Shard& shard);

// The shard this process is from the scheduler's environment, read through `getenv` (a
// variable that is not set reads as nullptr). In order:
//   OMPI_COMM_WORLD_RANK / OMPI_COMM_WORLD_SIZE   (Open MPI's mpirun)
//   PMI_RANK / PMI_SIZE                           (MPICH, Intel MPI, srun --mpi=pmi2)
//   SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT or
//     SLURM_ARRAY_TASK_MAX                        (a Slurm job array: K = ID - MIN)
//   SLURM_PROCID / SLURM_NTASKS                   (srun -n N)
// An MPI launcher comes first because its ranks inherit the Slurm variables of the job that
// started it. Nothing and `problem` set when none is set or a value is not a shard.
std::optional<Shard> shard_from_environment(const std::function<const char*(const char*)>& getenv,
                                            std::string& problem);

}  // namespace orgsim::sweep
