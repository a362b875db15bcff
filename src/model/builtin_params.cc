#include "src/model/builtin_params.h"

#include <new>
#include <string>

#include "kernels/params.h"

namespace brasa {
namespace internal {
namespace {

template <typename T>
T* New(PersistentAllocator& allocator) {
  void* memory = allocator.Allocate(sizeof(T));
  return memory ? new (memory) T() : nullptr;
}

Activation ToActivation(tflite::ActivationFunctionType type) {
  return static_cast<Activation>(static_cast<int8_t>(type));
}

Padding ToPadding(tflite::Padding padding) {
  return padding == tflite::Padding::VALID ? Padding::kValid : Padding::kSame;
}

template <typename Params, typename Options>
Params ParseConv(const Options* o) {
  Params p;
  if (o == nullptr) return p;
  p.padding = ToPadding(o->padding());
  p.stride_w = o->stride_w();
  p.stride_h = o->stride_h();
  p.dilation_w = o->dilation_w_factor();
  p.dilation_h = o->dilation_h_factor();
  p.activation = ToActivation(o->fused_activation_function());
  return p;
}

// AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D.
PoolParams ParsePool(const tflite::Pool2DOptions* o) {
  PoolParams p;
  if (o == nullptr) return p;
  p.padding = ToPadding(o->padding());
  p.stride_w = o->stride_w();
  p.stride_h = o->stride_h();
  p.filter_w = o->filter_width();
  p.filter_h = o->filter_height();
  p.activation = ToActivation(o->fused_activation_function());
  return p;
}

template <typename Options>
ElementwiseParams ParseElementwise(const Options* o) {
  ElementwiseParams p;
  if (o != nullptr) p.activation = ToActivation(o->fused_activation_function());
  return p;
}

// Copies an int vector option into a fixed array; false if it is too long.
bool CopyDims(const flatbuffers::Vector<int32_t>* from, int32_t* to, int32_t* count) {
  if (from->size() > static_cast<uint32_t>(kMaxParamDims)) return false;
  *count = static_cast<int32_t>(from->size());
  for (uint32_t i = 0; i < from->size(); ++i) to[i] = from->Get(i);
  return true;
}

template <typename T>
Status Store(PersistentAllocator& allocator, const T& value, const void** params) {
  T* stored = New<T>(allocator);
  if (stored == nullptr) return ResourceExhaustedError("out of memory parsing options");
  *stored = value;
  *params = stored;
  return Status::Ok();
}

}  // namespace

Status ParseBuiltinParams(int32_t code, const tflite::Operator& op,
                          PersistentAllocator& allocator, const void** params) {
  *params = nullptr;
  switch (code) {
    case 3:  // CONV_2D
      return Store(allocator, ParseConv<ConvParams>(op.builtin_options_as_Conv2DOptions()), params);
    case 4: {  // DEPTHWISE_CONV_2D
      const auto* o = op.builtin_options_as_DepthwiseConv2DOptions();
      DepthwiseConvParams p = ParseConv<DepthwiseConvParams>(o);
      if (o != nullptr) p.depth_multiplier = o->depth_multiplier();
      return Store(allocator, p, params);
    }
    case 1:   // AVERAGE_POOL_2D
    case 17:  // MAX_POOL_2D
      return Store(allocator, ParsePool(op.builtin_options_as_Pool2DOptions()), params);
    case 9: {  // FULLY_CONNECTED
      FullyConnectedParams p;
      if (const auto* o = op.builtin_options_as_FullyConnectedOptions()) {
        p.activation = ToActivation(o->fused_activation_function());
        p.keep_num_dims = o->keep_num_dims();
        p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
        p.shuffled_weights =
            o->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT;
      }
      return Store(allocator, p, params);
    }
    case 0: {  // ADD
      const auto* o = op.builtin_options_as_AddOptions();
      ElementwiseParams p = ParseElementwise(o);
      if (o != nullptr) p.pot_scale_int16 = o->pot_scale_int16();
      return Store(allocator, p, params);
    }
    case 41: {  // SUB
      const auto* o = op.builtin_options_as_SubOptions();
      ElementwiseParams p = ParseElementwise(o);
      if (o != nullptr) p.pot_scale_int16 = o->pot_scale_int16();
      return Store(allocator, p, params);
    }
    case 18:  // MUL
      return Store(allocator, ParseElementwise(op.builtin_options_as_MulOptions()), params);
    case 42:  // DIV
      return Store(allocator, ParseElementwise(op.builtin_options_as_DivOptions()), params);
    case 25: {  // SOFTMAX
      SoftmaxParams p;
      if (const auto* o = op.builtin_options_as_SoftmaxOptions()) p.beta = o->beta();
      return Store(allocator, p, params);
    }
    case 2: {  // CONCATENATION
      ConcatenationParams p;
      if (const auto* o = op.builtin_options_as_ConcatenationOptions()) {
        p.axis = o->axis();
        p.activation = ToActivation(o->fused_activation_function());
      }
      return Store(allocator, p, params);
    }
    case 22: {  // RESHAPE
      ReshapeParams p;
      const auto* o = op.builtin_options_as_ReshapeOptions();
      if (o != nullptr && o->new_shape() != nullptr &&
          !CopyDims(o->new_shape(), p.shape, &p.num_dims)) {
        return UnsupportedError("RESHAPE new_shape has more than 8 dimensions");
      }
      return Store(allocator, p, params);
    }
    case 43: {  // SQUEEZE
      SqueezeParams p;
      const auto* o = op.builtin_options_as_SqueezeOptions();
      if (o != nullptr && o->squeeze_dims() != nullptr &&
          !CopyDims(o->squeeze_dims(), p.dims, &p.num_dims)) {
        return UnsupportedError("SQUEEZE lists more than 8 dimensions");
      }
      return Store(allocator, p, params);
    }
    case 40:    // MEAN
    case 74:    // SUM
    case 82:    // REDUCE_MAX
    case 89: {  // REDUCE_MIN
      ReducerParams p;
      if (const auto* o = op.builtin_options_as_ReducerOptions()) p.keep_dims = o->keep_dims();
      return Store(allocator, p, params);
    }

    // ---- Activations, element-wise math, comparison, logic, selection ----
    case 98: {  // LEAKY_RELU
      LeakyReluParams p;
      if (const auto* o = op.builtin_options_as_LeakyReluOptions()) p.alpha = o->alpha();
      return Store(allocator, p, params);
    }
    case 150: {  // GELU
      GeluParams p;
      if (const auto* o = op.builtin_options_as_GeluOptions()) p.approximate = o->approximate();
      return Store(allocator, p, params);
    }

    // ---- Shape, data movement, resizing, layout, reductions ----
    case 45: {  // STRIDED_SLICE
      StridedSliceParams p;
      if (const auto* o = op.builtin_options_as_StridedSliceOptions()) {
        p.begin_mask = o->begin_mask();
        p.end_mask = o->end_mask();
        p.ellipsis_mask = o->ellipsis_mask();
        p.new_axis_mask = o->new_axis_mask();
        p.shrink_axis_mask = o->shrink_axis_mask();
        p.offset = o->offset();
      }
      return Store(allocator, p, params);
    }
    case 49: {  // SPLIT
      SplitParams p;
      if (const auto* o = op.builtin_options_as_SplitOptions()) p.num_splits = o->num_splits();
      return Store(allocator, p, params);
    }
    case 102: {  // SPLIT_V
      SplitParams p;
      if (const auto* o = op.builtin_options_as_SplitVOptions()) p.num_splits = o->num_splits();
      return Store(allocator, p, params);
    }
    case 36: {  // GATHER
      GatherParams p;
      if (const auto* o = op.builtin_options_as_GatherOptions()) {
        p.axis = o->axis();
        p.batch_dims = o->batch_dims();
      }
      return Store(allocator, p, params);
    }
    case 83: {  // PACK
      PackParams p;
      if (const auto* o = op.builtin_options_as_PackOptions()) {
        p.count = o->values_count();
        p.axis = o->axis();
      }
      return Store(allocator, p, params);
    }
    case 88: {  // UNPACK
      PackParams p;
      if (const auto* o = op.builtin_options_as_UnpackOptions()) {
        p.count = o->num();
        p.axis = o->axis();
      }
      return Store(allocator, p, params);
    }
    case 100: {  // MIRROR_PAD
      MirrorPadParams p;
      if (const auto* o = op.builtin_options_as_MirrorPadOptions()) {
        p.mode = o->mode() == tflite::MirrorPadMode::SYMMETRIC ? MirrorPadMode::kSymmetric
                                                                : MirrorPadMode::kReflect;
      }
      return Store(allocator, p, params);
    }

    case 23: {  // RESIZE_BILINEAR
      ResizeParams p;
      if (const auto* o = op.builtin_options_as_ResizeBilinearOptions()) {
        p.align_corners = o->align_corners();
        p.half_pixel_centers = o->half_pixel_centers();
      }
      return Store(allocator, p, params);
    }
    case 97: {  // RESIZE_NEAREST_NEIGHBOR
      ResizeParams p;
      if (const auto* o = op.builtin_options_as_ResizeNearestNeighborOptions()) {
        p.align_corners = o->align_corners();
        p.half_pixel_centers = o->half_pixel_centers();
      }
      return Store(allocator, p, params);
    }
    case 5: {  // DEPTH_TO_SPACE
      DepthSpaceParams p;
      if (const auto* o = op.builtin_options_as_DepthToSpaceOptions()) {
        p.block_size = o->block_size();
      }
      return Store(allocator, p, params);
    }
    case 26: {  // SPACE_TO_DEPTH
      DepthSpaceParams p;
      if (const auto* o = op.builtin_options_as_SpaceToDepthOptions()) {
        p.block_size = o->block_size();
      }
      return Store(allocator, p, params);
    }
    case 81:    // REDUCE_PROD
    case 91: {  // REDUCE_ANY
      ReducerParams p;
      if (const auto* o = op.builtin_options_as_ReducerOptions()) p.keep_dims = o->keep_dims();
      return Store(allocator, p, params);
    }

    // ---- Convolution variants, matmul, normalization, lookup ----
    case 67: {  // TRANSPOSE_CONV
      TransposeConvParams p;
      if (const auto* o = op.builtin_options_as_TransposeConvOptions()) {
        p.padding = ToPadding(o->padding());
        p.stride_w = o->stride_w();
        p.stride_h = o->stride_h();
        p.activation = ToActivation(o->fused_activation_function());
        p.quantized_bias_type = static_cast<int8_t>(o->quantized_bias_type());
      }
      return Store(allocator, p, params);
    }
    case 12:  // L2_POOL_2D
      return Store(allocator, ParsePool(op.builtin_options_as_Pool2DOptions()), params);
    case 11: {  // L2_NORMALIZATION
      L2NormParams p;
      if (const auto* o = op.builtin_options_as_L2NormOptions()) {
        p.activation = ToActivation(o->fused_activation_function());
      }
      return Store(allocator, p, params);
    }
    case 13: {  // LOCAL_RESPONSE_NORMALIZATION
      LocalResponseNormParams p;
      if (const auto* o = op.builtin_options_as_LocalResponseNormalizationOptions()) {
        p.radius = o->radius();
        p.bias = o->bias();
        p.alpha = o->alpha();
        p.beta = o->beta();
      }
      return Store(allocator, p, params);
    }
    case 128: {  // CUMSUM
      CumsumParams p;
      if (const auto* o = op.builtin_options_as_CumsumOptions()) {
        p.exclusive = o->exclusive();
        p.reverse = o->reverse();
      }
      return Store(allocator, p, params);
    }
    case 126: {  // BATCH_MATMUL
      BatchMatMulParams p;
      if (const auto* o = op.builtin_options_as_BatchMatMulOptions()) {
        p.adj_x = o->adj_x();
        p.adj_y = o->adj_y();
        p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      }
      return Store(allocator, p, params);
    }

    // ---- Recurrent and stateful (SVDF, LSTM, RNN) ----
    case 27: {  // SVDF
      const auto* o = op.builtin_options_as_SVDFOptions();
      if (o == nullptr) return Status::Ok();  // Prepare reports the missing options
      SvdfParams p;
      p.rank = o->rank();
      p.activation = ToActivation(o->fused_activation_function());
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      return Store(allocator, p, params);
    }
    case 24: {  // RNN
      const auto* o = op.builtin_options_as_RNNOptions();
      if (o == nullptr) return Status::Ok();
      RnnParams p;
      p.activation = ToActivation(o->fused_activation_function());
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      return Store(allocator, p, params);
    }
    case 35: {  // UNIDIRECTIONAL_SEQUENCE_RNN
      const auto* o = op.builtin_options_as_SequenceRNNOptions();
      if (o == nullptr) return Status::Ok();
      RnnParams p;
      p.activation = ToActivation(o->fused_activation_function());
      p.time_major = o->time_major();
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      return Store(allocator, p, params);
    }
    case 46: {  // BIDIRECTIONAL_SEQUENCE_RNN
      const auto* o = op.builtin_options_as_BidirectionalSequenceRNNOptions();
      if (o == nullptr) return Status::Ok();
      BidirectionalSequenceRnnParams p;
      p.activation = ToActivation(o->fused_activation_function());
      p.time_major = o->time_major();
      p.merge_outputs = o->merge_outputs();
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      return Store(allocator, p, params);
    }
    case 52: {  // BIDIRECTIONAL_SEQUENCE_LSTM
      const auto* o = op.builtin_options_as_BidirectionalSequenceLSTMOptions();
      if (o == nullptr) return Status::Ok();
      BidirectionalSequenceLstmParams p;
      p.activation = ToActivation(o->fused_activation_function());
      p.cell_clip = o->cell_clip();
      p.proj_clip = o->proj_clip();
      p.merge_outputs = o->merge_outputs();
      p.time_major = o->time_major();
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      return Store(allocator, p, params);
    }
    case 44: {  // UNIDIRECTIONAL_SEQUENCE_LSTM
      const auto* o = op.builtin_options_as_UnidirectionalSequenceLSTMOptions();
      if (o == nullptr) return Status::Ok();
      SequenceLstmParams p;
      p.activation = ToActivation(o->fused_activation_function());
      p.cell_clip = o->cell_clip();
      p.proj_clip = o->proj_clip();
      p.time_major = o->time_major();
      p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      p.diagonal_recurrent_tensors = o->diagonal_recurrent_tensors();
      return Store(allocator, p, params);
    }

    // ---- Control flow, variables, custom post-processing ----
    case 118: {  // IF
      IfParams p;
      if (const auto* o = op.builtin_options_as_IfOptions()) {
        p.then_subgraph = o->then_subgraph_index();
        p.else_subgraph = o->else_subgraph_index();
      }
      return Store(allocator, p, params);
    }
    case 119: {  // WHILE
      WhileParams p;
      if (const auto* o = op.builtin_options_as_WhileOptions()) {
        p.cond_subgraph = o->cond_subgraph_index();
        p.body_subgraph = o->body_subgraph_index();
      }
      return Store(allocator, p, params);
    }
    case 129: {  // CALL_ONCE
      CallOnceParams p;
      if (const auto* o = op.builtin_options_as_CallOnceOptions()) {
        p.init_subgraph = o->init_subgraph_index();
      }
      return Store(allocator, p, params);
    }
    case 142: {  // VAR_HANDLE
      VarHandleParams p;
      if (const auto* o = op.builtin_options_as_VarHandleOptions()) {
        if (o->container() != nullptr) p.container = o->container()->c_str();
        if (o->shared_name() != nullptr) p.shared_name = o->shared_name()->c_str();
      }
      return Store(allocator, p, params);
    }

    default:
      return Status::Ok();  // no options, or an op brasa does not run
  }
}

}  // namespace internal
}  // namespace brasa
