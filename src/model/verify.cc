#include "src/model/verify.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "src/core/checked_math.h"
#include "src/core/features.h"
#include "src/model/sparsity.h"
#include "src/model/verify_tables.h"

namespace brasa {
namespace internal {
namespace {

constexpr int kMaxRank = 8;
constexpr uint32_t kSchemaVersion = 3;
// Far above real models (thousands); bounds the memory a hostile file costs.
constexpr uint32_t kMaxTensorsPerSubgraph = uint32_t{1} << 18;

// "tensor 7 (conv1/out)".
std::string TensorName(size_t index, const tflite::Tensor& tensor) {
  std::string label = "tensor " + std::to_string(index);
  if (tensor.name() != nullptr) label += " (" + tensor.name()->str() + ")";
  return label;
}

std::string TensorLabel(size_t subgraph, size_t index, const tflite::Tensor& tensor) {
  return "subgraph " + std::to_string(subgraph) + " " + TensorName(index, tensor);
}

// Element count of a (verified) shape vector of the model; false past
// kMaxTensorBytes or for a negative dimension.
bool ModelElementCount(const flatbuffers::Vector<int32_t>& shape, uint64_t* count) {
#if FLATBUFFERS_LITTLEENDIAN  // stored as this CPU reads it: read in place
  return CheckedElementCount(shape.data(), shape.size(), count);
#else
  const Shape copy(shape.begin(), shape.end());
  return CheckedElementCount(copy, count);
#endif
}

// The zero-point range a quantized tensor of `type` can hold: one compare
// of the int64 against a bound pair (a switch of int64 compares is long code
// on a 32-bit CPU).
bool ZeroPointFits(tflite::TensorType type, int64_t zp) {
  int32_t low = INT32_MIN, high = INT32_MAX;
  switch (type) {
    case tflite::TensorType::INT8: low = -128, high = 127; break;
    case tflite::TensorType::UINT8: low = 0, high = 255; break;
    case tflite::TensorType::INT16: low = -32768, high = 32767; break;
    case tflite::TensorType::INT32:
    case tflite::TensorType::INT64: break;
    default: return true;  // float tensors may carry (ignored) parameters
  }
  return zp >= low && zp <= high;
}

// Labels are callables (a lambda that returns the text): a stripped build
// (BRASA_STRIP_ERROR_STRINGS) never calls them, so builds no text.
template <typename Label>
Status VerifyQuantization(const Label& label, const tflite::Tensor& tensor) {
  const tflite::QuantizationParameters* q = tensor.quantization();
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return Status::Ok();
  const auto* scales = q->scale();
  const auto* zero_points = q->zero_point();
  for (float scale : *scales) {
    if (!std::isfinite(scale) || scale <= 0.0f) {
      return InvalidModelError(label() + ": quantization scale " + std::to_string(scale) +
                               " is not a finite positive number");
    }
  }
  // The Verifier checks 4-byte alignment only; int64 data is read in place.
  if (zero_points != nullptr && reinterpret_cast<uintptr_t>(zero_points->data()) % 8 != 0) {
    return InvalidModelError(label() + ": zero_point array is not 8-byte aligned");
  }
  if (zero_points != nullptr && zero_points->size() != 0 &&
      zero_points->size() != scales->size()) {
    return InvalidModelError(label() + ": " + std::to_string(scales->size()) + " scales but " +
                             std::to_string(zero_points->size()) + " zero points");
  }
  if (zero_points != nullptr) {
    for (int64_t zp : *zero_points) {
      if (!ZeroPointFits(tensor.type(), zp)) {
        return InvalidModelError(label() + ": zero point " + std::to_string(zp) +
                                 " does not fit the tensor type");
      }
    }
  }
  if (scales->size() > 1) {
    const int rank = tensor.shape() ? static_cast<int>(tensor.shape()->size()) : 0;
    int dimension = q->quantized_dimension();
    // Some converters copy a 4-D filter's quantized_dimension (3) onto its 1-D
    // bias; TensorFlow Lite Micro accepts that, so read it as dimension 0.
    if (rank == 1 && dimension >= rank) dimension = 0;
    if (dimension < 0 || dimension >= rank) {
      return InvalidModelError(label() + ": quantized_dimension " +
                               std::to_string(q->quantized_dimension()) +
                               " is out of range for rank " + std::to_string(rank));
    }
    const int32_t channels = tensor.shape()->Get(static_cast<flatbuffers::uoffset_t>(dimension));
    if (static_cast<int64_t>(scales->size()) != channels) {
      return InvalidModelError(label() + ": " + std::to_string(scales->size()) +
                               " per-channel scales for " + std::to_string(channels) +
                               " channels");
    }
  }
  return Status::Ok();
}

Status VerifyTensor(const ModelData& model, size_t subgraph, size_t index,
                    const tflite::Tensor& tensor) {
  const auto label = [&] { return TensorLabel(subgraph, index, tensor); };
  const uint32_t num_buffers = model.root->buffers() ? model.root->buffers()->size() : 0;
  // The shape, for messages only.
  const auto shape = [&] {
    return tensor.shape() ? Shape(tensor.shape()->begin(), tensor.shape()->end()) : Shape();
  };
  if (tensor.shape() != nullptr) {
    if (tensor.shape()->size() > kMaxRank) {
      return UnsupportedError(label() + ": rank " + std::to_string(tensor.shape()->size()) +
                              " exceeds the maximum of " + std::to_string(kMaxRank));
    }
    for (int32_t dim : *tensor.shape()) {
      if (dim < 0) {
        return InvalidModelError(label() + ": shape has a negative dimension (" +
                                 std::to_string(dim) + ")");
      }
    }
  }
  if (tensor.buffer() >= num_buffers && tensor.buffer() != 0) {
    return InvalidModelError(label() + ": buffer index " + std::to_string(tensor.buffer()) +
                             " is out of range (" + std::to_string(num_buffers) + " buffers)");
  }
  if (tensor.sparsity() != nullptr) {
#if !BRASA_SPARSE
    return UnsupportedError(label() + " is stored sparse (pruned weights); this build of brasa has "
                            "no sparse support (CMake option BRASA_SPARSE=OFF)");
#endif
    // The buffer holds only the stored values: ReadSparsity checks its size.
    const BufferBytes stored = GetBufferBytes(model, tensor.buffer());
    if (stored.size == 0 || tensor.is_variable()) {
      return InvalidModelError(label() + ": a sparse tensor must be a constant");
    }
    Sparsity sparsity;
    BRASA_RETURN_IF_ERROR(ReadSparsity(tensor, label(), stored.size, &sparsity));
    return VerifyQuantization(label, tensor);
  }
  uint64_t count = 1;  // no shape: a scalar
  if (tensor.shape() != nullptr && !ModelElementCount(*tensor.shape(), &count)) {
    return InvalidModelError(label() + ": shape " + ShapeToString(shape()) + " is too large");
  }
  const BufferBytes bytes = GetBufferBytes(model, tensor.buffer());
  if (bytes.size > 0) {
    const size_t element_size = DataTypeSize(static_cast<DataType>(tensor.type()));
    uint64_t needed = 0;
    if (element_size == 0 || !CheckedMultiply(count, element_size, kMaxTensorBytes, &needed)) {
      return UnsupportedError(label() + ": constant of type " +
                              tflite::EnumNameTensorType(tensor.type()) +
                              " is not supported");
    }
    if (bytes.size < needed) {
      return InvalidModelError(label() + ": constant buffer " + std::to_string(tensor.buffer()) +
                               " holds " + std::to_string(bytes.size) + " bytes, shape " +
                               ShapeToString(shape()) + " needs " + std::to_string(needed));
    }
    // Kernels read bool data as C++ bool, for which any byte but 0 or 1 is
    // undefined behavior.
    if (tensor.type() == tflite::TensorType::BOOL) {
      // needed <= bytes.size, a size_t: a 32-bit count on a 32-bit CPU.
      for (size_t i = 0; i < static_cast<size_t>(needed); ++i) {
        if (bytes.data[i] > 1) {
          return InvalidModelError(label() + ": bool constant holds byte " +
                                   std::to_string(bytes.data[i]) + " at element " +
                                   std::to_string(i) + " (only 0 and 1 are bools)");
        }
      }
    }
  }
  return VerifyQuantization(label, tensor);
}

template <typename Label>
Status VerifyIndexList(const flatbuffers::Vector<int32_t>* list, uint32_t limit,
                       bool allow_omitted, const Label& what) {
  if (list == nullptr) return Status::Ok();
  for (int32_t index : *list) {
    if (allow_omitted && index == -1) continue;
    // 32-bit compares (a negative index is above any count as unsigned).
    if (static_cast<uint32_t>(index) >= limit) {
      return InvalidModelError(what() + " refers to tensor " + std::to_string(index) +
                               ", out of range (" + std::to_string(limit) + " tensors)");
    }
  }
  return Status::Ok();
}

// Data flow in execution order: every tensor a node reads is a graph input,
// a constant, a variable or the output of an earlier node; every tensor is
// written by at most one node, never one that is a graph input or constant;
// no node reads its own output. Indices are already known to be in range.
template <typename Label>
Status VerifyDataFlow(const ModelData& model, const Label& label,
                      const tflite::SubGraph& subgraph) {
  const auto* tensors = subgraph.tensors();
  const size_t num_tensors = tensors ? tensors->size() : 0;
  // writer[t]: the node that writes t (below kMaxTensorsPerSubgraph), or one
  // of these. A plain array: no vector code to link on a microcontroller.
  constexpr int32_t kUnwritten = -1, kGraphInput = -2, kConstant = -3, kVariable = -4;
  const std::unique_ptr<int32_t[]> writer(new int32_t[num_tensors]);
  std::fill_n(writer.get(), num_tensors, kUnwritten);
  for (size_t t = 0; t < num_tensors; ++t) {
    const tflite::Tensor& tensor = *tensors->Get(static_cast<flatbuffers::uoffset_t>(t));
    if (tensor.is_variable()) {
      writer[t] = kVariable;  // state: read before any write, updated in place
    } else if (GetBufferBytes(model, tensor.buffer()).size > 0) {
      writer[t] = kConstant;
    }
  }
  if (subgraph.inputs() != nullptr) {
    for (int32_t input : *subgraph.inputs()) writer[static_cast<size_t>(input)] = kGraphInput;
  }
  const auto* operators = subgraph.operators();
  const uint32_t num_operators = operators ? operators->size() : 0;
  for (uint32_t n = 0; n < num_operators; ++n) {
    const tflite::Operator& op = *operators->Get(n);
    const auto node = [&] { return label() + " node " + std::to_string(n); };
    if (op.inputs() != nullptr) {
      for (int32_t input : *op.inputs()) {
        if (input < 0) continue;  // an omitted optional input
        const tflite::Tensor& tensor = *tensors->Get(static_cast<flatbuffers::uoffset_t>(input));
        if (op.outputs() != nullptr &&
            std::find(op.outputs()->begin(), op.outputs()->end(), input) != op.outputs()->end()) {
          return InvalidModelError(node() + " reads its own output, " +
                                   TensorName(static_cast<size_t>(input), tensor));
        }
        uint64_t count = 0;
        // Converters leave empty placeholders (no elements, no data) unwritten.
        const bool empty = tensor.shape() != nullptr &&
                           ModelElementCount(*tensor.shape(), &count) &&
                           count == 0;
        if (writer[static_cast<size_t>(input)] == kUnwritten && !empty) {
          return InvalidModelError(
              node() + " reads " + TensorName(static_cast<size_t>(input), tensor) +
              ", which is not a graph input, a constant or the output of an earlier node");
        }
      }
    }
    if (op.outputs() == nullptr) continue;
    for (int32_t output : *op.outputs()) {
      const size_t t = static_cast<size_t>(output);
      const auto tensor_label = [&] {
        return TensorName(t, *tensors->Get(static_cast<flatbuffers::uoffset_t>(output)));
      };
      if (writer[t] == kGraphInput) {
        return InvalidModelError(node() + " writes graph input " + tensor_label());
      }
      if (writer[t] == kConstant) return InvalidModelError(node() + " writes constant " + tensor_label());
      if (writer[t] >= 0) {
        return InvalidModelError(node() + " writes " + tensor_label() + ", already written by node " +
                                 std::to_string(writer[t]));
      }
      writer[t] = static_cast<int32_t>(n);
    }
  }
  return Status::Ok();
}

Status VerifySubgraph(const ModelData& model, size_t s, const tflite::SubGraph& subgraph) {
  const auto label = [s] { return "subgraph " + std::to_string(s); };
  const auto* tensors = subgraph.tensors();
  const uint32_t num_tensors = tensors ? tensors->size() : 0;
  if (num_tensors > kMaxTensorsPerSubgraph) {
    return UnsupportedError(label() + " has " + std::to_string(num_tensors) +
                            " tensors, more than the " + std::to_string(kMaxTensorsPerSubgraph) +
                            " brasa accepts");
  }
  const uint32_t num_operators = subgraph.operators() ? subgraph.operators()->size() : 0;
  if (num_operators > kMaxTensorsPerSubgraph) {
    return UnsupportedError(label() + " has " + std::to_string(num_operators) +
                            " operators, more than the " + std::to_string(kMaxTensorsPerSubgraph) +
                            " brasa accepts");
  }
  for (uint32_t t = 0; t < num_tensors; ++t) {
    BRASA_RETURN_IF_ERROR(VerifyTensor(model, s, t, *tensors->Get(t)));
  }
  BRASA_RETURN_IF_ERROR(VerifyIndexList(subgraph.inputs(), num_tensors, false,
                                        [&] { return label() + " inputs"; }));
  BRASA_RETURN_IF_ERROR(VerifyIndexList(subgraph.outputs(), num_tensors, false,
                                        [&] { return label() + " outputs"; }));
  const uint32_t num_codes = model.root->operator_codes() ? model.root->operator_codes()->size() : 0;
  if (subgraph.operators() == nullptr) return Status::Ok();
  for (uint32_t n = 0; n < subgraph.operators()->size(); ++n) {
    const tflite::Operator& op = *subgraph.operators()->Get(n);
    const auto node = [&] { return label() + " node " + std::to_string(n); };
    if (op.opcode_index() >= num_codes) {
      return InvalidModelError(node() + ": opcode index " + std::to_string(op.opcode_index()) +
                               " is out of range (" + std::to_string(num_codes) + " codes)");
    }
    BRASA_RETURN_IF_ERROR(VerifyIndexList(op.inputs(), num_tensors, true,
                                          [&] { return node() + " input"; }));
    BRASA_RETURN_IF_ERROR(VerifyIndexList(op.outputs(), num_tensors, false,
                                          [&] { return node() + " output"; }));
    BRASA_RETURN_IF_ERROR(VerifyIndexList(op.intermediates(), num_tensors, false,
                                          [&] { return node() + " intermediate"; }));
    if (op.large_custom_options_offset() > 1) {
      const uint64_t end = op.large_custom_options_offset() + op.large_custom_options_size();
      if (end < op.large_custom_options_offset() || end > model.size) {
        return InvalidModelError(node() + ": custom options lie outside the file");
      }
    }
  }
  return VerifyDataFlow(model, label, subgraph);
}

// Whether two (verified) flatbuffer strings hold the same text; a missing
// string reads as "".
bool SameText(const flatbuffers::String* a, const flatbuffers::String* b) {
  const uint32_t size = a ? a->size() : 0;
  return size == (b ? b->size() : 0) && (size == 0 || std::memcmp(a->data(), b->data(), size) == 0);
}

// One side (inputs or outputs) of a signature: names present and unique,
// tensor indices inside the signature's subgraph.
template <typename Label>
Status VerifyTensorMaps(const Label& label, const char* side,
                        const flatbuffers::Vector<flatbuffers::Offset<tflite::TensorMap>>* maps,
                        uint32_t tensor_count) {
  if (maps == nullptr) return Status::Ok();
  for (uint32_t i = 0; i < maps->size(); ++i) {
    const tflite::TensorMap& map = *maps->Get(i);
    if (map.name() == nullptr) {
      return InvalidModelError(label() + " " + side + " " + std::to_string(i) + " has no name");
    }
    if (map.tensor_index() >= tensor_count) {
      return InvalidModelError(label() + " " + side + " '" + map.name()->str() + "' names tensor " +
                               std::to_string(map.tensor_index()) + " of " +
                               std::to_string(tensor_count));
    }
    for (uint32_t j = 0; j < i; ++j) {
      if (SameText(maps->Get(j)->name(), map.name())) {
        return InvalidModelError(label() + " has two " + side + "s named '" +
                                 map.name()->str() + "'");
      }
    }
  }
  return Status::Ok();
}

Status VerifySignatures(const tflite::Model& root) {
  const auto* signatures = root.signature_defs();
  if (signatures == nullptr) return Status::Ok();
  for (uint32_t i = 0; i < signatures->size(); ++i) {
    const tflite::SignatureDef& signature = *signatures->Get(i);
    const auto label = [i] { return "signature " + std::to_string(i); };
    if (signature.subgraph_index() >= root.subgraphs()->size()) {
      return InvalidModelError(label() + " refers to subgraph " +
                               std::to_string(signature.subgraph_index()) + " of " +
                               std::to_string(root.subgraphs()->size()));
    }
    const tflite::SubGraph& subgraph = *root.subgraphs()->Get(signature.subgraph_index());
    const uint32_t tensors = subgraph.tensors() ? subgraph.tensors()->size() : 0;
    BRASA_RETURN_IF_ERROR(VerifyTensorMaps(label, "input", signature.inputs(), tensors));
    BRASA_RETURN_IF_ERROR(VerifyTensorMaps(label, "output", signature.outputs(), tensors));
    for (uint32_t j = 0; j < i; ++j) {
      if (SameText(signatures->Get(j)->signature_key(), signature.signature_key())) {
        return InvalidModelError("two signatures have the key '" +
                                 (signature.signature_key() ? signature.signature_key()->str()
                                                            : std::string()) + "'");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status VerifyStructure(ModelData* model) {
  if (model->size < 8) {
    return InvalidModelError("file too small to be a TensorFlow Lite model (" +
                             std::to_string(model->size) + " bytes)");
  }
  if (!HasModelIdentifier(model->bytes)) {
    return InvalidModelError("not a TensorFlow Lite model: file identifier is not 'TFL3'");
  }
#ifdef BRASA_BARE_METAL  // operators' options tables: the ops' parsers (verify_tables.h)
  const bool verified = VerifyTablesButOptions(model->bytes, model->size);
#else
  const bool verified = VerifyAllTables(model->bytes, model->size);
#endif
  if (!verified) {
    return InvalidModelError("model flatbuffer failed verification (truncated or corrupt file)");
  }
  model->root = tflite::GetModel(model->bytes);
  return Status::Ok();
}

Status VerifySemantics(const ModelData& model) {
  const tflite::Model& root = *model.root;
  if (root.version() != kSchemaVersion) {
    return UnsupportedError("schema version " + std::to_string(root.version()) +
                            " is not supported (expected 3)");
  }
  if (root.subgraphs() == nullptr || root.subgraphs()->size() == 0) {
    return InvalidModelError("model has no subgraphs");
  }
  if (root.buffers() != nullptr) {
    for (uint32_t b = 0; b < root.buffers()->size(); ++b) {
      const tflite::Buffer& buffer = *root.buffers()->Get(b);
      if (buffer.offset() > 1) {
        const uint64_t end = buffer.offset() + buffer.size();
        if (end < buffer.offset() || end > model.size) {
          return InvalidModelError("buffer " + std::to_string(b) + " (offset " +
                                   std::to_string(buffer.offset()) + ", size " +
                                   std::to_string(buffer.size()) + ") lies outside the " +
                                   std::to_string(model.size) + "-byte file");
        }
      }
    }
  }
  if (root.operator_codes() != nullptr) {
    for (uint32_t c = 0; c < root.operator_codes()->size(); ++c) {
      const tflite::OperatorCode& code = *root.operator_codes()->Get(c);
      if (OperatorCodeOf(code) == 32 && code.custom_code() == nullptr) {
        return InvalidModelError("operator code " + std::to_string(c) +
                                 " is CUSTOM but has no custom_code name");
      }
    }
  }
  for (uint32_t s = 0; s < root.subgraphs()->size(); ++s) {
    BRASA_RETURN_IF_ERROR(VerifySubgraph(model, s, *root.subgraphs()->Get(s)));
  }
  return VerifySignatures(root);
}

}  // namespace internal
}  // namespace brasa
