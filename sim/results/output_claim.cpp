#include "results/output_claim.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace orgsim::results {

namespace {

std::string error_text() { return std::strerror(errno); }

}  // namespace

OutputClaim::OutputClaim(std::string partial_path) : partial_path_(std::move(partial_path)) {
  fd_ = open(partial_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) throw std::runtime_error("cannot create " + partial_path_ + ": " + error_text());
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const bool held = errno == EWOULDBLOCK;
    const std::string why = error_text();
    close(fd_);
    fd_ = -1;
    if (held)
      throw OutputInUse(partial_path_ +
                        " is being written by another orgsim (a run or a sweep "
                        "writing the same file)");
    throw std::runtime_error("cannot lock " + partial_path_ + ": " + why);
  }
}

OutputClaim::~OutputClaim() {
  if (fd_ >= 0) close(fd_);  // releases the lock
}

void OutputClaim::sync() const {
  if (fsync(fd_) != 0) throw std::runtime_error("flush " + partial_path_ + ": " + error_text());
}

void OutputClaim::publish(const std::string& path) const {
  if (std::rename(partial_path_.c_str(), path.c_str()) != 0)
    throw std::runtime_error("rename " + partial_path_ + " to " + path + ": " + error_text());
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) throw std::runtime_error("open " + folder + ": " + error_text());
  const bool synced = fsync(dir) == 0;
  const std::string why = error_text();
  close(dir);
  if (!synced) throw std::runtime_error("flush " + folder + ": " + why);
}

}  // namespace orgsim::results
