#include "sweep/process_pool.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <map>

namespace orgsim::sweep {

namespace {

pid_t start(const Job& job) {
  std::fflush(nullptr);  // nothing buffered is written twice by the child
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int out = open(job.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0 || err < 0) _exit(126);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
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

}  // namespace

bool run_jobs(const std::vector<Job>& jobs, int max_jobs,
              const std::function<void(const JobResult&)>& on_done,
              const std::function<bool()>& stop) {
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  bool stopped = false;
  while (next < jobs.size() || !running.empty()) {
    if (!stopped && stop()) {
      stopped = true;
      // Ask the running years to stop too: they remove their partial files (SIGTERM).
      for (const auto& [child, index] : running) kill(child, SIGTERM);
    }
    while (!stopped && next < jobs.size() && static_cast<int>(running.size()) < max_jobs) {
      const pid_t pid = start(jobs[next]);
      if (pid < 0) {
        on_done({next, 125});  // could not fork
      } else {
        running[pid] = next;
      }
      ++next;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;  // a signal (Ctrl-C): look at stop() again
      break;
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const std::size_t index = it->second;
    running.erase(it);
    on_done({index, exit_code_of(status)});
  }
  return !stopped;
}

}  // namespace orgsim::sweep
