// What a loaded Model holds: the bytes, their owner, and the verified root.
#ifndef BRASA_MODEL_MODEL_DATA_H_
#define BRASA_MODEL_MODEL_DATA_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "schema/tflite_generated.h"
#include "src/platform/mapped_file.h"

namespace brasa {
namespace internal {

struct ModelData {
  const uint8_t* bytes = nullptr;
  size_t size = 0;
  std::unique_ptr<MappedFile> mapping;  // null for FromBuffer
  const tflite::Model* root = nullptr;
};

// The operator code of an OperatorCode entry: older files store it only in
// deprecated_builtin_code, newer ones in builtin_code; the larger one wins.
int32_t OperatorCodeOf(const tflite::OperatorCode& code);

// A constant buffer's bytes (inline, or at offset/size after the flatbuffer);
// {nullptr, 0} for an empty buffer. Only valid after verification.
struct BufferBytes {
  const uint8_t* data = nullptr;
  size_t size = 0;
};
BufferBytes GetBufferBytes(const ModelData& model, uint32_t buffer_index);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_MODEL_MODEL_DATA_H_
