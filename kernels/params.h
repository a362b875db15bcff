// Plain option structs for builtin ops, filled from the model's builtin
// options at load (src/model/builtin_params.cc) or directly by tests.
#ifndef BRASA_KERNELS_PARAMS_H_
#define BRASA_KERNELS_PARAMS_H_

#include <cstdint>

#include "brasa/tensor.h"

namespace brasa {

// TensorFlow Lite's ActivationFunctionType numbering.
enum class Activation : int8_t {
  kNone = 0,
  kRelu = 1,
  kReluN1To1 = 2,
  kRelu6 = 3,
  kTanh = 4,
  kSignBit = 5,
};

// kExplicit never comes from a model (src/model maps every value to kSame or
// kValid): src/runtime/fold_pad.cc sets it on a CONV_2D or DEPTHWISE_CONV_2D
// that absorbed the PAD node feeding it, with the PAD's spatial amounts.
enum class Padding : int8_t { kSame = 0, kValid = 1, kExplicit = 2 };

struct ExplicitPadding {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
};

struct ConvParams {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  Activation activation = Activation::kNone;
  ExplicitPadding explicit_padding{};  // padding == kExplicit only
};

struct DepthwiseConvParams {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  int32_t depth_multiplier = 1;
  Activation activation = Activation::kNone;
  ExplicitPadding explicit_padding{};  // padding == kExplicit only
};

struct PoolParams {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t filter_w = 1;
  int32_t filter_h = 1;
  Activation activation = Activation::kNone;
};

struct FullyConnectedParams {
  Activation activation = Activation::kNone;
  bool keep_num_dims = false;
  bool shuffled_weights = false;  // SHUFFLED4x16INT8: rejected in Prepare
  bool asymmetric_quantize_inputs = false;  // hybrid (int8 weights, float input) only
};

// ADD, SUB, MUL (and later DIV).
struct ElementwiseParams {
  Activation activation = Activation::kNone;
  bool pot_scale_int16 = true;
};

struct SoftmaxParams {
  float beta = 1.0f;
};

struct ConcatenationParams {
  int32_t axis = 0;
  Activation activation = Activation::kNone;
};

constexpr int kMaxParamDims = 8;

struct ReshapeParams {
  // new_shape from the options; used only when the shape input is absent.
  int32_t num_dims = -1;  // -1: no new_shape option
  int32_t shape[kMaxParamDims] = {};
};

struct SqueezeParams {
  int32_t num_dims = 0;  // 0: squeeze every dimension of size 1
  int32_t dims[kMaxParamDims] = {};
};

struct ReducerParams {
  bool keep_dims = false;
};

// ---- Activations, element-wise math, comparison, logic, selection ----
struct LeakyReluParams {
  float alpha = 0.0f;  // the schema default, as TensorFlow Lite reads a missing option
};

struct GeluParams {
  bool approximate = false;  // true: the tanh approximation
};

// ---- Shape, data movement, resizing, layout, reductions ----

struct StridedSliceParams {
  int32_t begin_mask = 0;
  int32_t end_mask = 0;
  int32_t ellipsis_mask = 0;
  int32_t new_axis_mask = 0;
  int32_t shrink_axis_mask = 0;
  bool offset = false;  // end is a size relative to begin
};

// SPLIT and SPLIT_V.
struct SplitParams {
  int32_t num_splits = 0;
};

struct GatherParams {
  int32_t axis = 0;
  int32_t batch_dims = 0;
};

// PACK (count = values_count) and UNPACK (count = num).
struct PackParams {
  int32_t count = 0;
  int32_t axis = 0;
};

enum class MirrorPadMode : int8_t { kReflect = 0, kSymmetric = 1 };

struct MirrorPadParams {
  MirrorPadMode mode = MirrorPadMode::kReflect;
};

// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR.
struct ResizeParams {
  bool align_corners = false;
  bool half_pixel_centers = false;
};

// DEPTH_TO_SPACE and SPACE_TO_DEPTH.
struct DepthSpaceParams {
  int32_t block_size = 0;
};

// ---- Convolution variants, matmul, normalization, lookup ----

struct TransposeConvParams {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  Activation activation = Activation::kNone;
  // The options' quantized_bias_type (TensorType code; 0 = FLOAT32 = unset):
  // int16 TRANSPOSE_CONV accumulates in int32 only when it is INT32.
  int8_t quantized_bias_type = 0;
};

struct L2NormParams {
  Activation activation = Activation::kNone;
};

struct LocalResponseNormParams {
  int32_t radius = 0;
  float bias = 0.0f;
  float alpha = 0.0f;
  float beta = 0.0f;
};

struct CumsumParams {
  bool exclusive = false;
  bool reverse = false;
};

struct BatchMatMulParams {
  bool adj_x = false;
  bool adj_y = false;
  bool asymmetric_quantize_inputs = false;
};

// ---- Recurrent and stateful (SVDF, LSTM, RNN) ----

struct SvdfParams {
  int32_t rank = 0;
  Activation activation = Activation::kNone;
  bool asymmetric_quantize_inputs = false;
};

// RNN (time_major unused) and UNIDIRECTIONAL_SEQUENCE_RNN.
struct RnnParams {
  Activation activation = Activation::kNone;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
};

struct SequenceLstmParams {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;  // 0: no clipping
  float proj_clip = 0.0f;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;
};

struct BidirectionalSequenceRnnParams {
  Activation activation = Activation::kNone;
  bool time_major = false;
  bool merge_outputs = false;
  bool asymmetric_quantize_inputs = false;
};

struct BidirectionalSequenceLstmParams {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  bool merge_outputs = false;
  bool time_major = true;
  bool asymmetric_quantize_inputs = false;
};

// ---- Control flow, variables, custom post-processing ----
// Subgraph indices were checked at creation (in range, not 0, no cycle).
struct IfParams {
  int32_t then_subgraph = 0;
  int32_t else_subgraph = 0;
};

struct WhileParams {
  int32_t cond_subgraph = 0;
  int32_t body_subgraph = 0;
};

struct CallOnceParams {
  int32_t init_subgraph = 0;
};

// Both point into the model's bytes (never null).
struct VarHandleParams {
  const char* container = "";
  const char* shared_name = "";
};

}  // namespace brasa

#endif  // BRASA_KERNELS_PARAMS_H_
