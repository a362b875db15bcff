#include "tools/input_feed.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "src/model/model_data.h"

namespace brasa {
namespace tools {
namespace {

template <typename T>
void QuantizeInto(const float* values, const Tensor* tensor, void* data) {
  const float scale = tensor->quantization.scale();
  const int32_t zero_point = tensor->quantization.zero_point();
  T* out = static_cast<T*>(data);
  const float low = static_cast<float>(std::numeric_limits<T>::min());
  const float high = static_cast<float>(std::numeric_limits<T>::max());
  for (int64_t i = 0; i < tensor->element_count(); ++i) {
    const float q = std::round(values[i] / scale) + static_cast<float>(zero_point);
    out[i] = static_cast<T>(std::fmin(std::fmax(q, low), high));
  }
}

std::string Describe(int index, const Tensor& input, const std::string& path) {
  return "input " + std::to_string(index) + " '" + input.name + "' ('" + path + "')";
}

}  // namespace

Result<NpyArray> ReadInput(const std::string& path, int index, const Tensor& input,
                           const PixelNormalization& normalization) {
  if (IsImagePath(path)) return LoadImageInput(path, index, input, normalization);
  return ReadNpy(path);
}

Shape InputSignature(const Model& model, int index, const Tensor& input) {
  const internal::ModelData& data = model.internal_data();
  const tflite::SubGraph& subgraph = *data.root->subgraphs()->Get(0);
  if (!subgraph.inputs() || index >= static_cast<int>(subgraph.inputs()->size())) {
    return input.shape;
  }
  const int tensor_index = subgraph.inputs()->Get(static_cast<uint32_t>(index));
  const tflite::Tensor* tensor = subgraph.tensors()->Get(static_cast<uint32_t>(tensor_index));
  if (tensor == nullptr || tensor->shape_signature() == nullptr ||
      tensor->shape_signature()->size() != input.shape.size()) {
    return input.shape;
  }
  return Shape(tensor->shape_signature()->begin(), tensor->shape_signature()->end());
}

Status CheckInput(const NpyArray& array, int index, const Tensor& input, const Shape& signature,
                  const std::string& path, bool* resize) {
  const std::string where = Describe(index, input, path);
  const bool quantized = input.quantization.is_quantized() &&
                         (input.type == DataType::kInt8 || input.type == DataType::kUInt8 ||
                          input.type == DataType::kInt16);
  if (array.type != input.type && !(array.type == DataType::kFloat32 && quantized)) {
    return InvalidArgumentError(where + " expects " + DataTypeName(input.type) + " data" +
                                (quantized ? " (or float32, which brasa quantizes)" : "") +
                                ", got " + DataTypeName(array.type));
  }
  *resize = false;
  if (array.shape == input.shape) return Status::Ok();
  const std::string shapes =
      " expects " + ShapeToString(input.shape) + ", got " + ShapeToString(array.shape);
  bool resizable = array.shape.size() == signature.size();
  for (size_t d = 0; resizable && d < signature.size(); ++d) {
    resizable = array.shape[d] == input.shape[d] || (signature[d] < 0 && array.shape[d] > 0);
  }
  if (resizable) {
    *resize = true;
    return Status::Ok();
  }
  if (ElementCount(array.shape) == input.element_count()) {
    return InvalidArgumentError(where + shapes + ": the element count matches (" +
                                std::to_string(input.element_count()) +
                                ") but the shape does not; save the array with the input's shape");
  }
  std::string dynamic;
  for (size_t d = 0; d < signature.size(); ++d) {
    if (signature[d] < 0) dynamic += (dynamic.empty() ? "" : ",") + std::to_string(d);
  }
  return InvalidArgumentError(where + shapes +
                              (dynamic.empty() ? std::string(" (no dimension may change)")
                                               : " (only dimension(s) " + dynamic + " may change)"));
}

void FeedInput(const NpyArray& array, const Tensor& input, void* data) {
  const Tensor* tensor = &input;
  if (array.type == tensor->type) {
    std::memcpy(data, array.bytes.data(), tensor->bytes);
    return;
  }
  const float* values = reinterpret_cast<const float*>(array.bytes.data());
  switch (tensor->type) {  // CheckInput let only float32 for a quantized input through
    case DataType::kInt8: QuantizeInto<int8_t>(values, tensor, data); break;
    case DataType::kUInt8: QuantizeInto<uint8_t>(values, tensor, data); break;
    case DataType::kInt16: QuantizeInto<int16_t>(values, tensor, data); break;
    default: break;
  }
}

}  // namespace tools
}  // namespace brasa
