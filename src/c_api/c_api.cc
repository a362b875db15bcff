// The TensorFlow Lite-compatible C API over brasa's C++ API. Nothing else in
// brasa depends on this file. Handles are plain structs owning the C++
// objects; a TfLiteTensor* is a brasa::Tensor* seen through an opaque type.
#include "brasa/c_api.h"

#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/version.h"

struct TfLiteModel {
  std::unique_ptr<brasa::Model> model;
  // A copy of the caller's bytes when they were not 16-byte aligned, as
  // Model::FromBuffer requires; freed with the model.
  struct alignas(16) Block {
    uint8_t bytes[16];
  };
  std::unique_ptr<Block[]> aligned_copy;
};

struct TfLiteInterpreterOptions {
  int32_t num_threads = 1;
  void (*reporter)(void*, const char*, va_list) = nullptr;
  void* reporter_data = nullptr;
};

struct TfLiteInterpreter {
  std::unique_ptr<brasa::Interpreter> interpreter;
  TfLiteInterpreterOptions options;
};

namespace {

void Report(const TfLiteInterpreterOptions& options, const char* format, ...) {
  if (options.reporter == nullptr) return;
  va_list args;
  va_start(args, format);
  options.reporter(options.reporter_data, format, args);
  va_end(args);
}

TfLiteStatus Check(const TfLiteInterpreter* interpreter, const brasa::Status& status) {
  if (status.ok()) return kTfLiteOk;
  Report(interpreter->options, "%s", status.ToString().c_str());
  return kTfLiteError;
}

const brasa::Tensor* AsTensor(const TfLiteTensor* tensor) {
  return reinterpret_cast<const brasa::Tensor*>(tensor);
}

TfLiteType ToTfLiteType(brasa::DataType type) {
  // brasa's DataType follows the flatbuffer's TensorType numbering, which
  // differs from the C API's TfLiteType.
  switch (type) {
    case brasa::DataType::kFloat32: return kTfLiteFloat32;
    case brasa::DataType::kFloat16: return kTfLiteFloat16;
    case brasa::DataType::kInt32: return kTfLiteInt32;
    case brasa::DataType::kUInt8: return kTfLiteUInt8;
    case brasa::DataType::kInt64: return kTfLiteInt64;
    case brasa::DataType::kString: return kTfLiteString;
    case brasa::DataType::kBool: return kTfLiteBool;
    case brasa::DataType::kInt16: return kTfLiteInt16;
    case brasa::DataType::kComplex64: return kTfLiteComplex64;
    case brasa::DataType::kInt8: return kTfLiteInt8;
    case brasa::DataType::kFloat64: return kTfLiteFloat64;
    case brasa::DataType::kResource: return kTfLiteResource;
  }
  return kTfLiteNoType;
}

}  // namespace

extern "C" {

const char* TfLiteVersion(void) { return brasa::Version(); }

TfLiteModel* TfLiteModelCreate(const void* model_data, size_t model_size) {
  if (model_data == nullptr) return nullptr;
  std::unique_ptr<TfLiteModel> handle(new (std::nothrow) TfLiteModel());
  if (handle == nullptr) return nullptr;
  const void* bytes = model_data;
  if (reinterpret_cast<uintptr_t>(model_data) % 16 != 0) {
    handle->aligned_copy.reset(new (std::nothrow) TfLiteModel::Block[(model_size + 15) / 16]);
    if (handle->aligned_copy == nullptr) return nullptr;
    std::memcpy(handle->aligned_copy.get(), model_data, model_size);
    bytes = handle->aligned_copy.get();
  }
  auto model = brasa::Model::FromBuffer(bytes, model_size);
  if (!model.ok()) return nullptr;
  handle->model = std::move(*model);
  return handle.release();
}

TfLiteModel* TfLiteModelCreateFromFile(const char* model_path) {
  if (model_path == nullptr) return nullptr;
  auto model = brasa::Model::FromFile(model_path);
  if (!model.ok()) return nullptr;
  TfLiteModel* handle = new (std::nothrow) TfLiteModel();
  if (handle != nullptr) handle->model = std::move(*model);
  return handle;
}

void TfLiteModelDelete(TfLiteModel* model) { delete model; }

TfLiteInterpreterOptions* TfLiteInterpreterOptionsCreate(void) {
  return new (std::nothrow) TfLiteInterpreterOptions();
}

void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions* options) { delete options; }

void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions* options,
                                           int32_t num_threads) {
  if (options != nullptr) options->num_threads = num_threads < 1 ? 1 : num_threads;
}

void TfLiteInterpreterOptionsSetErrorReporter(
    TfLiteInterpreterOptions* options,
    void (*reporter)(void* user_data, const char* format, va_list args), void* user_data) {
  if (options == nullptr) return;
  options->reporter = reporter;
  options->reporter_data = user_data;
}

TfLiteInterpreter* TfLiteInterpreterCreate(const TfLiteModel* model,
                                           const TfLiteInterpreterOptions* optional_options) {
  TfLiteInterpreterOptions options;
  if (optional_options != nullptr) options = *optional_options;
  if (model == nullptr || model->model == nullptr) {
    Report(options, "TfLiteInterpreterCreate: no model");
    return nullptr;
  }
  brasa::InterpreterOptions cpp_options;
  cpp_options.num_threads = options.num_threads;
  auto interpreter = brasa::Interpreter::Create(
      *model->model, brasa::OpResolver::WithAllBuiltins(), cpp_options);
  if (!interpreter.ok()) {
    Report(options, "%s", interpreter.status().ToString().c_str());
    return nullptr;
  }
  TfLiteInterpreter* handle = new (std::nothrow) TfLiteInterpreter();
  if (handle == nullptr) return nullptr;
  handle->interpreter = std::move(*interpreter);
  handle->options = options;
  return handle;
}

void TfLiteInterpreterDelete(TfLiteInterpreter* interpreter) { delete interpreter; }

int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter* interpreter) {
  return interpreter->interpreter->num_inputs();
}

TfLiteTensor* TfLiteInterpreterGetInputTensor(const TfLiteInterpreter* interpreter,
                                              int32_t input_index) {
  // The C API hands out writable input tensors from a const interpreter.
  // TfLiteTensor is opaque: through it a caller writes only the values
  // (TfLiteTensorCopyFromBuffer, TfLiteTensorData), never shape or type.
  const brasa::Tensor* tensor = interpreter->interpreter->input(input_index);
  return reinterpret_cast<TfLiteTensor*>(const_cast<brasa::Tensor*>(tensor));
}

TfLiteStatus TfLiteInterpreterResizeInputTensor(TfLiteInterpreter* interpreter,
                                                int32_t input_index, const int* input_dims,
                                                int32_t input_dims_size) {
  if (input_dims_size < 0 || (input_dims_size > 0 && input_dims == nullptr)) {
    Report(interpreter->options, "ResizeInputTensor: invalid dimensions");
    return kTfLiteError;
  }
  brasa::Shape shape(input_dims, input_dims + input_dims_size);
  return Check(interpreter, interpreter->interpreter->ResizeInputTensor(input_index, shape));
}

TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter* interpreter) {
  return Check(interpreter, interpreter->interpreter->AllocateTensors());
}

TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter* interpreter) {
  return Check(interpreter, interpreter->interpreter->Invoke());
}

int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter* interpreter) {
  return interpreter->interpreter->num_outputs();
}

const TfLiteTensor* TfLiteInterpreterGetOutputTensor(const TfLiteInterpreter* interpreter,
                                                     int32_t output_index) {
  const brasa::Interpreter& cpp = *interpreter->interpreter;
  return reinterpret_cast<const TfLiteTensor*>(cpp.output(output_index));
}

TfLiteType TfLiteTensorType(const TfLiteTensor* tensor) {
  return ToTfLiteType(AsTensor(tensor)->type);
}

int32_t TfLiteTensorNumDims(const TfLiteTensor* tensor) { return AsTensor(tensor)->rank(); }

int32_t TfLiteTensorDim(const TfLiteTensor* tensor, int32_t dim_index) {
  const brasa::Tensor* t = AsTensor(tensor);
  if (dim_index < 0 || dim_index >= t->rank()) return -1;
  return t->dim(dim_index);
}

size_t TfLiteTensorByteSize(const TfLiteTensor* tensor) { return AsTensor(tensor)->bytes; }

void* TfLiteTensorData(const TfLiteTensor* tensor) { return AsTensor(tensor)->data; }

const char* TfLiteTensorName(const TfLiteTensor* tensor) {
  return AsTensor(tensor)->name.c_str();
}

TfLiteQuantizationParams TfLiteTensorQuantizationParams(const TfLiteTensor* tensor) {
  const brasa::Quantization& q = AsTensor(tensor)->quantization;
  TfLiteQuantizationParams params;
  params.scale = q.is_quantized() ? q.scale() : 0.0f;
  params.zero_point = q.is_quantized() ? q.zero_point() : 0;
  return params;
}

TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor* tensor, const void* input_data,
                                        size_t input_data_size) {
  const brasa::Tensor* t = AsTensor(tensor);
  if (t->data == nullptr || t->allocation == brasa::Allocation::kConstant ||
      input_data_size != t->bytes || (input_data == nullptr && input_data_size > 0)) {
    return kTfLiteError;
  }
  std::memcpy(t->data, input_data, input_data_size);
  return kTfLiteOk;
}

TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor* output_tensor, void* output_data,
                                      size_t output_data_size) {
  const brasa::Tensor* t = AsTensor(output_tensor);
  if (t->data == nullptr || output_data_size != t->bytes ||
      (output_data == nullptr && output_data_size > 0)) {
    return kTfLiteError;
  }
  std::memcpy(output_data, t->data, output_data_size);
  return kTfLiteOk;
}

}  // extern "C"
