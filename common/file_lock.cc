#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "naba/error.h"

namespace naba {

FileLock::FileLock(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw Error(Error::Code::io, "cannot lock " + path);
  }
}

FileLock::~FileLock() {
  ::close(fd_);  // closing releases the lock
}

}  // namespace naba
