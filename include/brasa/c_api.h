/* brasa's C API: a drop-in subset of TensorFlow Lite's C API
 * (tensorflow/lite/c/c_api.h), with the same names, enum values and
 * semantics, so a C program written for TensorFlow Lite compiles and links
 * against brasa unchanged. brasa also installs tensorflow/lite/c/c_api.h and
 * c_api_types.h, which include this header.
 *
 *   TfLiteModel* model = TfLiteModelCreateFromFile("model.tflite");
 *   TfLiteInterpreterOptions* options = TfLiteInterpreterOptionsCreate();
 *   TfLiteInterpreterOptionsSetNumThreads(options, 2);
 *   TfLiteInterpreter* interpreter = TfLiteInterpreterCreate(model, options);
 *   TfLiteInterpreterAllocateTensors(interpreter);
 *   TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(interpreter, 0), in, n);
 *   TfLiteInterpreterInvoke(interpreter);
 *   TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(interpreter, 0), out, m);
 *   TfLiteInterpreterDelete(interpreter);
 *   TfLiteInterpreterOptionsDelete(options);
 *   TfLiteModelDelete(model);
 *
 * Functions that fail return NULL or kTfLiteError; the reason goes to the
 * error reporter set on the options (nothing is printed otherwise). */
#ifndef BRASA_C_API_H_
#define BRASA_C_API_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BRASA_CAPI __attribute__((visibility("default")))
#else
#define BRASA_CAPI
#endif
#ifndef TFL_CAPI_EXPORT
#define TFL_CAPI_EXPORT BRASA_CAPI
#endif

/* ---- Types (TensorFlow Lite's c_api_types.h values) ---- */
typedef enum TfLiteStatus {
  kTfLiteOk = 0,
  kTfLiteError = 1,
  kTfLiteDelegateError = 2,
  kTfLiteApplicationError = 3,
  kTfLiteDelegateDataNotFound = 4,
  kTfLiteDelegateDataWriteError = 5,
  kTfLiteDelegateDataReadError = 6,
  kTfLiteUnresolvedOps = 7,
  kTfLiteCancelled = 8,
  kTfLiteOutputShapeNotKnown = 9
} TfLiteStatus;

typedef enum {
  kTfLiteNoType = 0,
  kTfLiteFloat32 = 1,
  kTfLiteInt32 = 2,
  kTfLiteUInt8 = 3,
  kTfLiteInt64 = 4,
  kTfLiteString = 5,
  kTfLiteBool = 6,
  kTfLiteInt16 = 7,
  kTfLiteComplex64 = 8,
  kTfLiteInt8 = 9,
  kTfLiteFloat16 = 10,
  kTfLiteFloat64 = 11,
  kTfLiteComplex128 = 12,
  kTfLiteUInt64 = 13,
  kTfLiteResource = 14,
  kTfLiteVariant = 15,
  kTfLiteUInt32 = 16,
  kTfLiteUInt16 = 17,
  kTfLiteInt4 = 18,
  kTfLiteBFloat16 = 19
} TfLiteType;

/* Per-tensor affine quantization: real = scale * (q - zero_point). Both are
 * 0 for an unquantized tensor; a per-channel tensor reports channel 0. */
typedef struct TfLiteQuantizationParams {
  float scale;
  int32_t zero_point;
} TfLiteQuantizationParams;

typedef struct TfLiteModel TfLiteModel;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteTensor TfLiteTensor;

/* ---- Version ---- */
/* brasa's version string, e.g. "0.2.0". */
BRASA_CAPI const char* TfLiteVersion(void);

/* ---- Model ---- */
/* A model over `model_size` bytes at `model_data`, verified; NULL if the
 * bytes are not a valid model. The caller keeps ownership of the bytes and
 * must keep them alive as long as the model. */
BRASA_CAPI TfLiteModel* TfLiteModelCreate(const void* model_data, size_t model_size);
/* A model mapped from the file at `model_path`; NULL on failure. */
BRASA_CAPI TfLiteModel* TfLiteModelCreateFromFile(const char* model_path);
BRASA_CAPI void TfLiteModelDelete(TfLiteModel* model);

/* ---- Interpreter options ---- */
BRASA_CAPI TfLiteInterpreterOptions* TfLiteInterpreterOptionsCreate(void);
BRASA_CAPI void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions* options);
/* Threads kernels may use; -1 (TensorFlow Lite's "default") means 1. */
BRASA_CAPI void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions* options,
                                                      int32_t num_threads);
/* Receives every error message of interpreters made with these options. */
BRASA_CAPI void TfLiteInterpreterOptionsSetErrorReporter(
    TfLiteInterpreterOptions* options,
    void (*reporter)(void* user_data, const char* format, va_list args), void* user_data);

/* ---- Interpreter ---- */
/* An interpreter for `model` (which must outlive it); `optional_options` may
 * be NULL and may be deleted right after. NULL on failure, e.g. when the
 * model uses an operator brasa does not support. */
BRASA_CAPI TfLiteInterpreter* TfLiteInterpreterCreate(
    const TfLiteModel* model, const TfLiteInterpreterOptions* optional_options);
BRASA_CAPI void TfLiteInterpreterDelete(TfLiteInterpreter* interpreter);

BRASA_CAPI int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter* interpreter);
/* NULL when `input_index` is out of range. */
BRASA_CAPI TfLiteTensor* TfLiteInterpreterGetInputTensor(const TfLiteInterpreter* interpreter,
                                                         int32_t input_index);
/* Changes an input's shape; call TfLiteInterpreterAllocateTensors next. */
BRASA_CAPI TfLiteStatus TfLiteInterpreterResizeInputTensor(TfLiteInterpreter* interpreter,
                                                           int32_t input_index,
                                                           const int* input_dims,
                                                           int32_t input_dims_size);
BRASA_CAPI TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter* interpreter);
BRASA_CAPI TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter* interpreter);
BRASA_CAPI int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter* interpreter);
/* NULL when `output_index` is out of range. */
BRASA_CAPI const TfLiteTensor* TfLiteInterpreterGetOutputTensor(
    const TfLiteInterpreter* interpreter, int32_t output_index);

/* ---- Tensors ---- */
BRASA_CAPI TfLiteType TfLiteTensorType(const TfLiteTensor* tensor);
BRASA_CAPI int32_t TfLiteTensorNumDims(const TfLiteTensor* tensor);
/* Size of dimension `dim_index`; 0... NumDims-1. */
BRASA_CAPI int32_t TfLiteTensorDim(const TfLiteTensor* tensor, int32_t dim_index);
BRASA_CAPI size_t TfLiteTensorByteSize(const TfLiteTensor* tensor);
/* The tensor's bytes; NULL before TfLiteInterpreterAllocateTensors. */
BRASA_CAPI void* TfLiteTensorData(const TfLiteTensor* tensor);
BRASA_CAPI const char* TfLiteTensorName(const TfLiteTensor* tensor);
BRASA_CAPI TfLiteQuantizationParams TfLiteTensorQuantizationParams(const TfLiteTensor* tensor);
/* Copy exactly TfLiteTensorByteSize bytes in or out; kTfLiteError when
 * `input_data_size` / `output_data_size` differs or the tensor has no data. */
BRASA_CAPI TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor* tensor, const void* input_data,
                                                   size_t input_data_size);
BRASA_CAPI TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor* output_tensor,
                                                 void* output_data, size_t output_data_size);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* BRASA_C_API_H_ */
