#include "brasa/model.h"

#include <algorithm>
#include <cstdint>

#include "src/model/model_data.h"
#include "src/model/verify.h"

namespace brasa {
namespace internal {

int32_t OperatorCodeOf(const tflite::OperatorCode& code) {
  return std::max<int32_t>(code.deprecated_builtin_code(), code.builtin_code());
}

BufferBytes GetBufferBytes(const ModelData& model, uint32_t buffer_index) {
  const auto* buffers = model.root->buffers();
  if (buffers == nullptr || buffer_index >= buffers->size()) return {};
  const tflite::Buffer& buffer = *buffers->Get(buffer_index);
  if (buffer.offset() > 1) {
    return {model.bytes + buffer.offset(), static_cast<size_t>(buffer.size())};
  }
  if (buffer.data() == nullptr) return {};
  return {buffer.data()->data(), buffer.data()->size()};
}

}  // namespace internal

namespace {

// Model bytes are read in place as floats, int32s and int64s.
constexpr uintptr_t kRequiredAlignment = 16;

}  // namespace

Result<std::unique_ptr<Model>> Model::Verify(std::unique_ptr<internal::ModelData> data) {
  BRASA_RETURN_IF_ERROR(internal::VerifyStructure(data.get()));
  BRASA_RETURN_IF_ERROR(internal::VerifySemantics(*data));
  return std::unique_ptr<Model>(new Model(std::move(data)));
}

Model::Model(std::unique_ptr<internal::ModelData> data) : data_(std::move(data)) {}
Model::~Model() = default;

Result<std::unique_ptr<Model>> Model::FromFile(const std::string& path) {
  auto mapping = MappedFile::Open(path);
  if (!mapping.ok()) return mapping.status();
  auto data = std::make_unique<internal::ModelData>();
  data->bytes = static_cast<const uint8_t*>(mapping.value()->data());
  data->size = mapping.value()->size();
  data->mapping = std::move(mapping.value());
  auto model = Verify(std::move(data));
  if (!model.ok()) {
    return StatusWithCode(model.status().code(), path + ": " + model.status().message());
  }
  return model;
}

Result<std::unique_ptr<Model>> Model::FromBuffer(const void* data, size_t size) {
  if (data == nullptr) return InvalidArgumentError("model buffer is null");
  if (reinterpret_cast<uintptr_t>(data) % kRequiredAlignment != 0) {
    return InvalidArgumentError(
        "model buffer is not 16-byte aligned; copy it into aligned memory "
        "(malloc, new[] of a 16-byte type, or mmap) first");
  }
  auto model_data = std::make_unique<internal::ModelData>();
  model_data->bytes = static_cast<const uint8_t*>(data);
  model_data->size = size;
  return Verify(std::move(model_data));
}

const void* Model::data() const { return data_->bytes; }
size_t Model::size() const { return data_->size; }

std::vector<Signature> Model::signatures() const {
  std::vector<Signature> result;
  const auto* defs = data_->root->signature_defs();
  if (defs == nullptr) return result;
  auto read = [](const flatbuffers::Vector<flatbuffers::Offset<tflite::TensorMap>>* maps,
                 std::vector<std::pair<std::string, int>>* out) {
    if (maps == nullptr) return;
    for (const tflite::TensorMap* map : *maps) {
      out->emplace_back(map->name()->str(), static_cast<int>(map->tensor_index()));
    }
  };
  for (const tflite::SignatureDef* def : *defs) {
    Signature signature;
    signature.key = def->signature_key() ? def->signature_key()->str() : std::string();
    signature.subgraph = static_cast<int>(def->subgraph_index());
    read(def->inputs(), &signature.inputs);
    read(def->outputs(), &signature.outputs);
    result.push_back(std::move(signature));
  }
  return result;
}

std::string Model::description() const {
  const auto* description = data_->root->description();
  return description ? description->str() : std::string();
}

}  // namespace brasa
