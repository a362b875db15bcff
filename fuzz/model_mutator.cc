// Structure-aware mutation for the model fuzz target: when the input is a
// valid model, change one field the verifier accepts but Prepare must judge
// (a tensor index, a dimension, a type, a quantization parameter, an op code
// or version, a byte of an options table: strides, paddings, activations,
// subgraph indices) in place, so the result still verifies and reaches
// Create, Prepare and Invoke. Other inputs get libFuzzer's byte mutations.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "flatbuffers/flatbuffers.h"
#include "schema/tflite_generated.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

enum class Kind { kTensorIndex, kDimension, kSmallInt, kByte, kScale, kSubgraphIndex };

struct Site {
  size_t offset;
  size_t width;  // bytes
  Kind kind;
};

class SiteCollector {
 public:
  explicit SiteCollector(const uint8_t* base) : base_(base) {}

  template <typename T>
  void AddVector(const flatbuffers::Vector<T>* vector, Kind kind) {
    if (vector == nullptr) return;
    for (size_t i = 0; i < vector->size(); ++i) {
      Add(reinterpret_cast<const uint8_t*>(vector->data()) + i * sizeof(T), sizeof(T), kind);
    }
  }

  // A scalar field of a table, when present in the buffer.
  template <typename TableT>
  void AddField(const TableT* table, flatbuffers::voffset_t field, size_t width, Kind kind) {
    if (table == nullptr) return;
    const auto* raw = reinterpret_cast<const flatbuffers::Table*>(table);
    if (const uint8_t* at = raw->GetAddressOf(field)) Add(at, width, kind);
  }

  // Every field of an options table, one byte each (widths are not known
  // generically; the low byte of a little-endian scalar changes its value).
  void AddAllFields(const void* table) {
    if (table == nullptr) return;
    const auto* raw = static_cast<const flatbuffers::Table*>(table);
    const uint8_t* vtable = raw->GetVTable();
    const flatbuffers::voffset_t vtable_size = flatbuffers::ReadScalar<uint16_t>(vtable);
    for (flatbuffers::voffset_t field = 4; field < vtable_size; field += 2) {
      if (const uint8_t* at = raw->GetAddressOf(field)) Add(at, 1, Kind::kByte);
    }
  }

  std::vector<Site> sites;

 private:
  void Add(const void* at, size_t width, Kind kind) {
    sites.push_back({static_cast<size_t>(static_cast<const uint8_t*>(at) - base_), width, kind});
  }
  const uint8_t* base_;
};

std::vector<Site> CollectSites(const uint8_t* data) {
  SiteCollector collect(data);
  const tflite::Model* model = tflite::GetModel(data);
  if (const auto* codes = model->operator_codes()) {
    for (const tflite::OperatorCode* code : *codes) {
      collect.AddField(code, tflite::OperatorCode::VT_BUILTIN_CODE, 4, Kind::kSmallInt);
      collect.AddField(code, tflite::OperatorCode::VT_DEPRECATED_BUILTIN_CODE, 1, Kind::kByte);
      collect.AddField(code, tflite::OperatorCode::VT_VERSION, 4, Kind::kSmallInt);
    }
  }
  if (const auto* subgraphs = model->subgraphs()) {
    for (const tflite::SubGraph* subgraph : *subgraphs) {
      collect.AddVector(subgraph->inputs(), Kind::kTensorIndex);
      collect.AddVector(subgraph->outputs(), Kind::kTensorIndex);
      if (const auto* tensors = subgraph->tensors()) {
        for (const tflite::Tensor* tensor : *tensors) {
          collect.AddVector(tensor->shape(), Kind::kDimension);
          collect.AddVector(tensor->shape_signature(), Kind::kDimension);
          collect.AddField(tensor, tflite::Tensor::VT_TYPE, 1, Kind::kByte);
          collect.AddField(tensor, tflite::Tensor::VT_BUFFER, 4, Kind::kSmallInt);
          if (const auto* q = tensor->quantization()) {
            collect.AddVector(q->scale(), Kind::kScale);
            collect.AddVector(q->zero_point(), Kind::kSmallInt);
            collect.AddField(q, tflite::QuantizationParameters::VT_QUANTIZED_DIMENSION, 4,
                             Kind::kSmallInt);
          }
        }
      }
      if (const auto* operators = subgraph->operators()) {
        for (const tflite::Operator* op : *operators) {
          collect.AddField(op, tflite::Operator::VT_OPCODE_INDEX, 4, Kind::kSmallInt);
          collect.AddVector(op->inputs(), Kind::kTensorIndex);
          collect.AddVector(op->outputs(), Kind::kTensorIndex);
          collect.AddVector(op->intermediates(), Kind::kTensorIndex);
          collect.AddField(op, tflite::Operator::VT_BUILTIN_OPTIONS_TYPE, 1, Kind::kByte);
          // The verifier skips an options table whose union type it does not
          // know (NONE or past the schema's last type): read only known ones.
          const auto type = op->builtin_options_type();
          if (type != tflite::BuiltinOptions::NONE && type <= tflite::BuiltinOptions::MAX) {
            collect.AddAllFields(op->builtin_options());
          }
        }
      }
    }
  }
  return collect.sites;
}

template <typename T>
void Store(uint8_t* at, T value) {
  std::memcpy(at, &value, sizeof(T));
}

void MutateSite(uint8_t* data, const Site& site, std::mt19937& random) {
  uint8_t* at = data + site.offset;
  const int pick = static_cast<int>(random() % 8);
  static constexpr int32_t kInteresting[] = {-1, 0, 1, 2, 3, 4, 7, 8, 16, 255, 65536, -2};
  const int32_t interesting = kInteresting[random() % (sizeof(kInteresting) / 4)];
  switch (site.kind) {
    case Kind::kTensorIndex:
    case Kind::kSubgraphIndex:
    case Kind::kSmallInt:
    case Kind::kDimension: {
      int32_t value = 0;
      std::memcpy(&value, at, site.width < 4 ? site.width : 4);
      if (pick < 3) {
        // A step of -2..2, wrapping: the value read may be INT32_MIN or MAX.
        const uint32_t step = static_cast<uint32_t>(random() % 5) - 2u;
        value = static_cast<int32_t>(static_cast<uint32_t>(value) + step);
      } else if (pick < 6) {
        value = interesting;
      } else {
        value = static_cast<int32_t>(random() % 64);
      }
      if (site.width >= 8) Store<int64_t>(at, value);
      else if (site.width == 4) Store<int32_t>(at, value);
      else *at = static_cast<uint8_t>(value);
      break;
    }
    case Kind::kScale: {
      static constexpr float kScales[] = {0.0f, -1.0f, 1e-30f, 1e30f, 1.0f, 0.5f, 3e-10f};
      Store<float>(at, kScales[random() % (sizeof(kScales) / sizeof(float))]);
      break;
    }
    case Kind::kByte:
      if (pick < 4) *at = static_cast<uint8_t>(*at + static_cast<int>(random() % 5) - 2);
      else *at = static_cast<uint8_t>(pick < 6 ? interesting : static_cast<int32_t>(random()));
      break;
  }
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::mt19937 random(seed);
  flatbuffers::Verifier verifier(data, size);
  if (random() % 8 == 0 || size < 8 || !tflite::VerifyModelBuffer(verifier)) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  const std::vector<Site> sites = CollectSites(data);
  if (sites.empty()) return LLVMFuzzerMutate(data, size, max_size);
  const int changes = 1 + static_cast<int>(random() % 3);
  for (int i = 0; i < changes; ++i) MutateSite(data, sites[random() % sites.size()], random);
  return size;
}
