// Reading and writing NumPy .npy files (format versions 1-3, little-endian,
// C order), the exchange format of `brasa run`.
#ifndef BRASA_TOOLS_NPY_H_
#define BRASA_TOOLS_NPY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/status.h"
#include "brasa/tensor.h"

namespace brasa {
namespace tools {

struct NpyArray {
  DataType type = DataType::kFloat32;
  Shape shape;
  std::vector<uint8_t> bytes;
};

// Fails with a message naming the file and the problem (not an .npy file,
// unsupported dtype, Fortran order, truncated data, ...).
Result<NpyArray> ReadNpy(const std::string& path);
// The same for .npy bytes already in memory; `path` only names them in messages.
Result<NpyArray> ParseNpy(const uint8_t* data, size_t size, const std::string& path);
Status WriteNpy(const std::string& path, DataType type, const Shape& shape,
                const void* data, size_t bytes);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_NPY_H_
