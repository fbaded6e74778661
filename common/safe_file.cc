#include "common/safe_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "naba/error.h"

namespace naba::safe_file {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& doing, const std::string& path, int error) {
  if (error == ELOOP)
    return Error(Error::Code::io, "cannot " + doing + " " + path +
                                      ": it is a symbolic link, which naba does not follow in "
                                      "an index folder");
  return Error(Error::Code::io, "cannot " + doing + " " + path + ": " + std::strerror(error));
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The rename is durable once the folder's entry is on disk.
void sync_folder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void replace(const std::string& path, std::string_view content) {
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name =
      (folder / std::string(".").append(target.filename().string()).append(".XXXXXX")).string();
  std::vector<char> temp(name.begin(), name.end());
  temp.push_back('\0');
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // O_CREAT | O_EXCL: a new file, never a link
  if (fd < 0) throw io_error("write", path, errno);
  bool ok = ::fchmod(fd, 0644) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
  int error = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.data(), path.c_str()) == 0) return sync_folder(folder);
  if (ok) error = errno;
  ::unlink(temp.data());
  throw io_error("write", path, error);
}

int open_lock_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw io_error("open", path, errno);
  return fd;
}

std::optional<std::string> read(const std::string& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) throw io_error("read", path, errno);
  std::string out(max_bytes, '\0');
  ssize_t n = ::read(fd, out.data(), max_bytes);
  int error = errno;
  ::close(fd);
  if (n < 0) throw io_error("read", path, error);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace naba::safe_file
