// Model: a verified, read-only view of a TensorFlow Lite flatbuffer.
//
// Loading never copies the model: FromFile maps the file, FromBuffer uses the
// caller's bytes (which must outlive the Model). Both verify the file once,
// structurally (flatbuffers Verifier) and semantically (indices in range,
// shapes sane, constant buffers large enough, quantization valid), so a
// malformed file is rejected with an error instead of crashing later.
// A Model is immutable: several interpreters, in several threads, may share it.
#ifndef BRASA_MODEL_H_
#define BRASA_MODEL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "brasa/export.h"
#include "brasa/status.h"

namespace brasa {

namespace internal {
struct ModelData;
}

// A signature the converter recorded: named inputs and outputs of a
// subgraph (e.g. "serving_default"), each the index of a tensor in it.
struct Signature {
  std::string key;
  int subgraph = 0;
  std::vector<std::pair<std::string, int>> inputs;   // name -> tensor index
  std::vector<std::pair<std::string, int>> outputs;  // name -> tensor index
};

class BRASA_API Model {
 public:
  // Maps and verifies the file at `path`.
  static Result<std::unique_ptr<Model>> FromFile(const std::string& path);
  // Verifies `size` bytes at `data` without copying them. `data` must be
  // 16-byte aligned (as malloc and mmap return) and outlive the Model.
  static Result<std::unique_ptr<Model>> FromBuffer(const void* data, size_t size);

  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const void* data() const;
  size_t size() const;
  // The converter's description string (may be empty).
  std::string description() const;
  // The model's signatures, in file order (verified at load).
  std::vector<Signature> signatures() const;

  // For the interpreter and tools.
  const internal::ModelData& internal_data() const { return *data_; }

 private:
  explicit Model(std::unique_ptr<internal::ModelData> data);
  static Result<std::unique_ptr<Model>> Verify(std::unique_ptr<internal::ModelData> data);
  std::unique_ptr<internal::ModelData> data_;
};

}  // namespace brasa

#endif  // BRASA_MODEL_H_
