#pragma once
// Writing an output file whole, once: the writer claims `<path>.partial` with an exclusive lock
// (flock) before HDF5 creates or truncates it, so that a second orgsim writing the same path is
// refused up front instead of truncating the first one's file; and before the rename that
// publishes the file, its data and then its folder entry are flushed to the disk (fsync), so a
// power loss cannot leave a short file under the final name. A lock dies with its process:
// the `.partial` of a killed run does not block the next one.
#include <stdexcept>
#include <string>

namespace orgsim::results {

// Another process is writing the same file.
class OutputInUse : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputClaim {
 public:
  // Opens (creates, without truncating) `partial_path` and locks it. Throws OutputInUse when
  // another process holds the lock, std::runtime_error when the file cannot be opened.
  explicit OutputClaim(std::string partial_path);
  ~OutputClaim();
  OutputClaim(const OutputClaim&) = delete;
  OutputClaim& operator=(const OutputClaim&) = delete;

  // fsync of the file (call after the writer closed it). Throws std::runtime_error.
  void sync() const;
  // Renames the partial file to `path` and fsyncs the folder, still under the lock. Throws
  // std::runtime_error.
  void publish(const std::string& path) const;

 private:
  std::string partial_path_;
  int fd_ = -1;
};

}  // namespace orgsim::results
