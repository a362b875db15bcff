// A read-only memory mapping of a whole file (POSIX mmap). The one place
// brasa touches the file system.
#ifndef BRASA_PLATFORM_MAPPED_FILE_H_
#define BRASA_PLATFORM_MAPPED_FILE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "brasa/status.h"

namespace brasa {

class MappedFile {
 public:
  static Result<std::unique_ptr<MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const void* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile(void* data, size_t size) : data_(data), size_(size) {}
  void* data_;
  size_t size_;
};

}  // namespace brasa

#endif  // BRASA_PLATFORM_MAPPED_FILE_H_
