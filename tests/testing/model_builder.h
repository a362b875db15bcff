// Builds small TensorFlow Lite flatbuffers in tests, including deliberately
// broken ones (out-of-range indices, bad shapes, bad quantization): fields
// are written as given, without checks.
#ifndef BRASA_TESTS_TESTING_MODEL_BUILDER_H_
#define BRASA_TESTS_TESTING_MODEL_BUILDER_H_

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <functional>
#include <tuple>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "schema/tflite_generated.h"

namespace brasa {
namespace testing {

// Model bytes in 16-byte aligned memory, as Model::FromBuffer requires.
class AlignedBytes {
 public:
  explicit AlignedBytes(const uint8_t* data = nullptr, size_t size = 0)
      : storage_(new uint64_t[(size + 15) / 8 + 2]), size_(size) {
    base_ = reinterpret_cast<uint8_t*>(storage_.get());
    base_ += (16 - reinterpret_cast<uintptr_t>(base_) % 16) % 16;
    if (size > 0) std::memcpy(base_, data, size);
  }
  uint8_t* data() { return base_; }
  const uint8_t* data() const { return base_; }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<uint64_t[]> storage_;
  uint8_t* base_;
  size_t size_;
};

// A tensor's sparsity field, written as given (tests of malformed ones).
struct SparseLevelSpec {
  bool compressed = false;
  int32_t dense_size = 0;
  std::vector<int32_t> segments, indices;
  // How segments and indices are stored (each value must fit the type).
  tflite::SparseIndexVector index_type = tflite::SparseIndexVector::Int32Vector;
  bool omit_indices = false;
};
struct SparsitySpec {
  bool present = false;
  std::vector<int32_t> traversal_order, block_map;
  std::vector<SparseLevelSpec> levels;
};

struct TensorSpec {
  tflite::TensorType type = tflite::TensorType::FLOAT32;
  std::vector<int32_t> shape;
  std::string name;
  uint32_t buffer = 0;
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
  bool is_variable = false;
  SparsitySpec sparsity;
};

struct OperatorSpec {
  uint32_t opcode_index = 0;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  // Fused activation for ops whose options are just that (ADD, SUB, MUL,
  // FULLY_CONNECTED); NONE writes no options table.
  tflite::ActivationFunctionType activation = tflite::ActivationFunctionType::NONE;
};

// Writes any options table: returns its union type and offset (written as
// given, even when it does not fit the operator).
using OptionsWriter = std::function<std::pair<tflite::BuiltinOptions, flatbuffers::Offset<void>>(
    flatbuffers::FlatBufferBuilder&)>;

class ModelBuilder {
 public:
  ModelBuilder() { buffers_.emplace_back(); }  // buffer 0: the empty sentinel

  uint32_t AddBuffer(const void* data, size_t bytes) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    buffers_.emplace_back(p, p + bytes);
    return static_cast<uint32_t>(buffers_.size() - 1);
  }
  int AddTensor(const TensorSpec& spec) {
    tensors_.push_back(spec);
    return static_cast<int>(tensors_.size() - 1);
  }
  int AddTensor(tflite::TensorType type, std::vector<int32_t> shape, std::string name = "") {
    TensorSpec spec;
    spec.type = type;
    spec.shape = std::move(shape);
    spec.name = name.empty() ? "t" + std::to_string(tensors_.size()) : name;
    return AddTensor(spec);
  }
  template <typename T>
  int AddConstTensor(tflite::TensorType type, std::vector<int32_t> shape,
                     const std::vector<T>& values) {
    TensorSpec spec;
    spec.type = type;
    spec.shape = std::move(shape);
    spec.name = "const" + std::to_string(tensors_.size());
    spec.buffer = AddBuffer(values.data(), values.size() * sizeof(T));
    return AddTensor(spec);
  }
  TensorSpec& tensor(int index) { return tensors_[static_cast<size_t>(index)]; }

  uint32_t AddOperatorCode(int32_t builtin, const std::string& custom = "",
                           int32_t version = 1) {
    codes_.push_back({builtin, custom, version});
    return static_cast<uint32_t>(codes_.size() - 1);
  }
  void AddOperator(const OperatorSpec& spec, OptionsWriter options = nullptr) {
    operators_.push_back(spec);
    options_.push_back(std::move(options));
  }
  void SetInputs(std::vector<int32_t> inputs) { inputs_ = std::move(inputs); }
  void SetOutputs(std::vector<int32_t> outputs) { outputs_ = std::move(outputs); }
  void set_version(uint32_t version) { version_ = version; }
  // Store constant data after the flatbuffer, at Buffer.offset/size, the way
  // converters write models over 2 GB.
  void set_external_buffers(bool external) { external_buffers_ = external; }
  // Write only deprecated_builtin_code (old converters) for codes < 127.
  void set_deprecated_codes_only(bool only) { deprecated_codes_only_ = only; }

  AlignedBytes Finish() const {
    if (!external_buffers_) return Build(nullptr);
    // Field sizes do not depend on the offset values, so a first build with
    // placeholder offsets gives the size after which the data can start.
    std::vector<uint64_t> offsets(buffers_.size(), uint64_t{1} << 40);
    const size_t flatbuffer_size = Build(&offsets).size();
    uint64_t cursor = (flatbuffer_size + 15) / 16 * 16;
    for (size_t i = 0; i < buffers_.size(); ++i) {
      offsets[i] = cursor;
      cursor += (buffers_[i].size() + 15) / 16 * 16;
    }
    AlignedBytes fb = Build(&offsets);
    std::vector<uint8_t> file(fb.data(), fb.data() + fb.size());
    file.resize(static_cast<size_t>(cursor), 0);
    for (size_t i = 0; i < buffers_.size(); ++i) {
      std::copy(buffers_[i].begin(), buffers_[i].end(), file.begin() + static_cast<long>(offsets[i]));
    }
    return AlignedBytes(file.data(), file.size());
  }

 private:
  AlignedBytes Build(const std::vector<uint64_t>* external_offsets) const {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<tflite::Buffer>> buffers;
    for (size_t i = 0; i < buffers_.size(); ++i) {
      const auto& data = buffers_[i];
      if (external_offsets != nullptr && !data.empty()) {
        buffers.push_back(tflite::CreateBuffer(b, 0, (*external_offsets)[i], data.size()));
        continue;
      }
      b.ForceVectorAlignment(data.size(), 1, 16);
      buffers.push_back(tflite::CreateBuffer(b, data.empty() ? 0 : b.CreateVector(data)));
    }
    std::vector<flatbuffers::Offset<tflite::Tensor>> tensors;
    for (const TensorSpec& t : tensors_) {
      flatbuffers::Offset<tflite::QuantizationParameters> q = 0;
      if (!t.scales.empty()) {
        q = tflite::CreateQuantizationParameters(
            b, 0, 0, b.CreateVector(t.scales), b.CreateVector(t.zero_points),
            tflite::QuantizationDetails::NONE, 0, t.quantized_dimension);
      }
      tensors.push_back(tflite::CreateTensor(b, b.CreateVector(t.shape), t.type, t.buffer,
                                             b.CreateString(t.name), q, t.is_variable,
                                             BuildSparsity(b, t.sparsity)));
    }
    std::vector<flatbuffers::Offset<tflite::Operator>> operators;
    for (size_t o = 0; o < operators_.size(); ++o) {
      const OperatorSpec& op = operators_[o];
      const int32_t code = codes_.at(op.opcode_index < codes_.size() ? op.opcode_index : 0).builtin;
      auto options_type = tflite::BuiltinOptions::NONE;
      flatbuffers::Offset<void> options = 0;
      if (options_[o]) {
        std::tie(options_type, options) = options_[o](b);
      } else if (op.activation != tflite::ActivationFunctionType::NONE) {
        if (code == 0) {
          options_type = tflite::BuiltinOptions::AddOptions;
          options = tflite::CreateAddOptions(b, op.activation).Union();
        } else if (code == 18) {
          options_type = tflite::BuiltinOptions::MulOptions;
          options = tflite::CreateMulOptions(b, op.activation).Union();
        } else if (code == 41) {
          options_type = tflite::BuiltinOptions::SubOptions;
          options = tflite::CreateSubOptions(b, op.activation).Union();
        }
      }
      operators.push_back(tflite::CreateOperator(b, op.opcode_index, b.CreateVector(op.inputs),
                                                 b.CreateVector(op.outputs), options_type, options));
    }
    auto subgraph = tflite::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(inputs_),
                                           b.CreateVector(outputs_), b.CreateVector(operators),
                                           b.CreateString("main"));
    std::vector<flatbuffers::Offset<tflite::OperatorCode>> codes;
    for (const auto& c : codes_) {
      const int8_t deprecated = static_cast<int8_t>(c.builtin < 127 ? c.builtin : 127);
      const int32_t extended = deprecated_codes_only_ && c.builtin < 127 ? 0 : c.builtin;
      codes.push_back(tflite::CreateOperatorCode(
          b, deprecated, c.custom.empty() ? 0 : b.CreateString(c.custom), c.version, extended));
    }
    auto model = tflite::CreateModel(b, version_, b.CreateVector(codes),
                                     b.CreateVector(std::vector<decltype(subgraph)>{subgraph}),
                                     b.CreateString("built by a brasa test"),
                                     b.CreateVector(buffers));
    tflite::FinishModelBuffer(b, model);
    return AlignedBytes(b.GetBufferPointer(), b.GetSize());
  }

  static flatbuffers::Offset<void> BuildIndexVector(flatbuffers::FlatBufferBuilder& b,
                                                    tflite::SparseIndexVector type,
                                                    const std::vector<int32_t>& values) {
    if (type == tflite::SparseIndexVector::Uint8Vector) {
      std::vector<uint8_t> narrow(values.begin(), values.end());
      return tflite::CreateUint8Vector(b, b.CreateVector(narrow)).Union();
    }
    if (type == tflite::SparseIndexVector::Uint16Vector) {
      std::vector<uint16_t> narrow(values.begin(), values.end());
      return tflite::CreateUint16Vector(b, b.CreateVector(narrow)).Union();
    }
    return tflite::CreateInt32Vector(b, b.CreateVector(values)).Union();
  }
  static flatbuffers::Offset<tflite::SparsityParameters> BuildSparsity(
      flatbuffers::FlatBufferBuilder& b, const SparsitySpec& spec) {
    if (!spec.present) return 0;
    std::vector<flatbuffers::Offset<tflite::DimensionMetadata>> levels;
    for (const SparseLevelSpec& level : spec.levels) {
      const auto none = tflite::SparseIndexVector::NONE;
      flatbuffers::Offset<void> segments = 0, indices = 0;
      if (level.compressed) {
        segments = BuildIndexVector(b, level.index_type, level.segments);
        if (!level.omit_indices) indices = BuildIndexVector(b, level.index_type, level.indices);
      }
      levels.push_back(tflite::CreateDimensionMetadata(
          b, level.compressed ? tflite::DimensionType::SPARSE_CSR : tflite::DimensionType::DENSE,
          level.dense_size, level.compressed ? level.index_type : none, segments,
          level.compressed && !level.omit_indices ? level.index_type : none, indices));
    }
    return tflite::CreateSparsityParameters(b, b.CreateVector(spec.traversal_order),
                                            b.CreateVector(spec.block_map),
                                            b.CreateVector(levels));
  }

  struct Code {
    int32_t builtin;
    std::string custom;
    int32_t version;
  };
  std::vector<std::vector<uint8_t>> buffers_;
  std::vector<TensorSpec> tensors_;
  std::vector<Code> codes_;
  std::vector<OperatorSpec> operators_;
  std::vector<OptionsWriter> options_;
  std::vector<int32_t> inputs_, outputs_;
  uint32_t version_ = 3;
  bool external_buffers_ = false;
  bool deprecated_codes_only_ = false;
};

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_TESTING_MODEL_BUILDER_H_
