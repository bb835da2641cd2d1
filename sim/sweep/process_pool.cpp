#include "sweep/process_pool.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace orgsim::sweep {

namespace {

using Clock = std::chrono::steady_clock;

pid_t start(const Job& job) {
  std::fflush(nullptr);  // nothing buffered is written twice by the child
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child dies with the sweep; if the sweep is already gone, it does not start at all.
  // The sweep's own SIGINT/SIGTERM handlers (which only set its flag) must not outlive the
  // fork: an exec drops them, a child that runs in place must too, so that SIGTERM stops it.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(125);
  const int out = open(job.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0 || err < 0) _exit(126);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  if (job.in_child) std::exit(job.in_child());  // exit: flushes the child's streams
  std::vector<char*> argv;
  for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

struct Running {
  std::size_t index;
  Clock::time_point started;
  bool terminated = false;  // SIGTERM sent for the time limit
  Clock::time_point terminated_at{};
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

bool run_jobs(const std::vector<Job>& jobs, const PoolOptions& options,
              const std::function<void(const JobResult&)>& on_done,
              const std::function<bool()>& stop) {
  std::map<pid_t, Running> running;
  std::size_t next = 0;
  bool stopped = false;
  while (next < jobs.size() || !running.empty()) {
    if (!stopped && stop()) {
      stopped = true;
      // Ask the running years to stop too: they remove their partial files (SIGTERM).
      for (const auto& [child, run] : running) kill(child, SIGTERM);
    }
    while (!stopped && next < jobs.size() && static_cast<int>(running.size()) < options.max_jobs) {
      const pid_t pid = start(jobs[next]);
      if (pid < 0) {
        on_done({next, 125, false, std::string("could not start: fork: ") + std::strerror(errno)});
      } else {
        running[pid] = Running{next, Clock::now()};
      }
      ++next;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno != EINTR) {
      // The children cannot be awaited (a broken process state): every job not reported yet is
      // reported failed, with why, rather than left out of the results.
      const std::string why =
          std::string("its end could not be awaited: waitpid: ") + std::strerror(errno);
      for (const auto& [child, run] : running) {
        kill(child, SIGTERM);
        on_done({run.index, 125, false, why});
      }
      for (; next < jobs.size(); ++next) on_done({next, 125, false, "not started: " + why});
      break;
    }
    if (pid > 0) {
      const auto it = running.find(pid);
      if (it == running.end()) continue;
      const Running run = it->second;
      running.erase(it);
      on_done({run.index, exit_code_of(status), run.terminated, ""});
      continue;
    }
    // Nothing ended: stop what ran too long, then look again shortly.
    if (options.timeout_s > 0.0)
      for (auto& [child, run] : running) {
        if (!run.terminated && seconds_since(run.started) > options.timeout_s) {
          kill(child, SIGTERM);
          run.terminated = true;
          run.terminated_at = Clock::now();
        } else if (run.terminated && seconds_since(run.terminated_at) > options.grace_s) {
          kill(child, SIGKILL);
        }
      }
    usleep(20000);
  }
  return !stopped;
}

}  // namespace orgsim::sweep
