// An exclusive advisory lock on a file (flock), held for one scope: the
// kernel drops it when the process dies, however it dies.
#pragma once

#include <string>

namespace naba {

class FileLock {
 public:
  /** Creates @p path if needed (never through a symbolic link) and waits for
   *  its lock; throws Error(io). */
  explicit FileLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace naba
