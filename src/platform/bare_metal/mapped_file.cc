// MappedFile without an operating system: there is no file system to map, so
// Model::FromFile fails with UNSUPPORTED and firmware uses Model::FromBuffer.
// Built instead of src/platform/mapped_file.cc when BRASA_BARE_METAL is on.
#include "src/platform/mapped_file.h"

namespace brasa {

Result<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  return UnsupportedError("cannot open '" + path +
                          "': this bare-metal build has no file system (use Model::FromBuffer)");
}

MappedFile::~MappedFile() = default;

}  // namespace brasa
