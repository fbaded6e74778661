#include "common/file_lock.h"

#include <sys/file.h>
#include <unistd.h>

#include "common/safe_file.h"
#include "naba/error.h"

namespace naba {

FileLock::FileLock(const std::string& path) : fd_(safe_file::open_lock_file(path)) {
  if (::flock(fd_, LOCK_EX) != 0) {
    ::close(fd_);
    throw Error(Error::Code::io, "cannot lock " + path);
  }
}

FileLock::~FileLock() {
  ::close(fd_);  // closing releases the lock
}

}  // namespace naba
