#include "src/platform/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace brasa {

Result<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is then
  // rejected as not a regular file); it changes nothing for regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    const std::string reason = std::strerror(error);
    if (error == ENOENT) return NotFoundError("cannot open '" + path + "': " + reason);
    return IoError("cannot open '" + path + "': " + reason);
  }
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return IoError("cannot stat '" + path + "': " + reason);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return IoError("'" + path + "' is not a regular file");
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return Status(StatusCode::kInvalidModel, "'" + path + "' is empty");
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_error = errno;
  ::close(fd);  // the mapping keeps the file alive
  if (data == MAP_FAILED) {
    return IoError("cannot map '" + path + "': " + std::strerror(map_error));
  }
  return std::unique_ptr<MappedFile>(new MappedFile(data, size));
}

MappedFile::~MappedFile() { ::munmap(data_, size_); }

}  // namespace brasa
