#include "src/model/builtin_params.h"

#include <new>
#include <string>

#include "kernels/params.h"
#include "src/model/options_check.h"

namespace brasa {
namespace internal {
namespace {

template <typename T>
T* New(PersistentAllocator& allocator) {
  void* memory = allocator.Allocate(sizeof(T));
  return memory ? new (memory) T() : nullptr;
}

template <typename T>
Status Store(PersistentAllocator& allocator, const T& value, const void** params) {
  T* stored = New<T>(allocator);
  if (stored == nullptr) return ResourceExhaustedError("out of memory parsing options");
  *stored = value;
  *params = stored;
  return Status::Ok();
}

// The op's options table of type Options (null when absent and not
// required), checked by options_check.h.
template <typename Options>
Status Read(const OptionsReader& reader, const Options** options, bool required = false) {
  return ReadOptions(reader.op, reader.model, required, options);
}

Activation ToActivation(tflite::ActivationFunctionType type) {
  return static_cast<Activation>(static_cast<int8_t>(type));
}

Padding ToPadding(tflite::Padding padding) {
  return padding == tflite::Padding::VALID ? Padding::kValid : Padding::kSame;
}

template <typename Options>
Status CheckActivationOf(const Options* o) {
  return o == nullptr ? Status::Ok() : CheckActivation(o->fused_activation_function());
}

// CONV_2D, DEPTHWISE_CONV_2D (whose depth_multiplier is not checked: LiteRT
// ignores it; the kernel derives it from the shapes and rejects a zero or
// fractional one in Prepare).
template <typename Params, typename Options>
Status ParseConv(const OptionsReader& reader, Params* p, const Options** options) {
  const Options* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
  BRASA_RETURN_IF_ERROR(CheckPositive("dilation_w_factor", o->dilation_w_factor()));
  BRASA_RETURN_IF_ERROR(CheckPositive("dilation_h_factor", o->dilation_h_factor()));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  p->padding = ToPadding(o->padding());
  p->stride_w = o->stride_w();
  p->stride_h = o->stride_h();
  p->dilation_w = o->dilation_w_factor();
  p->dilation_h = o->dilation_h_factor();
  p->activation = ToActivation(o->fused_activation_function());
  *options = o;
  return Status::Ok();
}

// ADD, SUB, MUL, DIV (ADD and SUB have pot_scale_int16 too).
template <typename Options, bool kHasPotScale>
Status ParseElementwise(const OptionsReader& reader, const void** params) {
  const Options* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  ElementwiseParams p;
  if (o != nullptr) {
    p.activation = ToActivation(o->fused_activation_function());
    if constexpr (kHasPotScale) p.pot_scale_int16 = o->pot_scale_int16();
  }
  return Store(reader.allocator, p, params);
}

// Copies an int vector option into a fixed array; false if it is too long.
bool CopyDims(const flatbuffers::Vector<int32_t>* from, int32_t* to, int32_t* count) {
  if (from->size() > static_cast<uint32_t>(kMaxParamDims)) return false;
  *count = static_cast<int32_t>(from->size());
  for (uint32_t i = 0; i < from->size(); ++i) to[i] = from->Get(i);
  return true;
}

template <typename Options>
Status ParseSplitLike(const OptionsReader& reader, const void** params) {
  const Options* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  SplitParams p;
  if (o != nullptr) p.num_splits = o->num_splits();
  return Store(reader.allocator, p, params);
}

template <typename Options>
Status ParseResize(const OptionsReader& reader, const void** params) {
  const Options* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  ResizeParams p;
  if (o != nullptr) {
    p.align_corners = o->align_corners();
    p.half_pixel_centers = o->half_pixel_centers();
  }
  return Store(reader.allocator, p, params);
}

template <typename Options>
Status ParseDepthSpace(const OptionsReader& reader, const void** params) {
  const Options* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  BRASA_RETURN_IF_ERROR(CheckPositive("block_size", o->block_size()));
  DepthSpaceParams p;
  p.block_size = o->block_size();
  return Store(reader.allocator, p, params);
}

}  // namespace

Status ParseConv2DOptions(const OptionsReader& reader, const void** params) {
  ConvParams p;
  const tflite::Conv2DOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(ParseConv(reader, &p, &o));
  return Store(reader.allocator, p, params);
}

Status ParseDepthwiseConv2DOptions(const OptionsReader& reader, const void** params) {
  DepthwiseConvParams p;
  const tflite::DepthwiseConv2DOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(ParseConv(reader, &p, &o));
  p.depth_multiplier = o->depth_multiplier();
  return Store(reader.allocator, p, params);
}

// AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D.
Status ParsePool2DOptions(const OptionsReader& reader, const void** params) {
  const tflite::Pool2DOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
  BRASA_RETURN_IF_ERROR(CheckPositive("filter_width", o->filter_width()));
  BRASA_RETURN_IF_ERROR(CheckPositive("filter_height", o->filter_height()));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  PoolParams p;
  p.padding = ToPadding(o->padding());
  p.stride_w = o->stride_w();
  p.stride_h = o->stride_h();
  p.filter_w = o->filter_width();
  p.filter_h = o->filter_height();
  p.activation = ToActivation(o->fused_activation_function());
  return Store(reader.allocator, p, params);
}

Status ParseFullyConnectedOptions(const OptionsReader& reader, const void** params) {
  const tflite::FullyConnectedOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  FullyConnectedParams p;
  if (o != nullptr) {
    BRASA_RETURN_IF_ERROR(CheckWeightsFormat(o->weights_format()));
    BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
    p.activation = ToActivation(o->fused_activation_function());
    p.keep_num_dims = o->keep_num_dims();
    p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
    p.shuffled_weights =
        o->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT;
  }
  return Store(reader.allocator, p, params);
}

Status ParseAddOptions(const OptionsReader& reader, const void** params) {
  return ParseElementwise<tflite::AddOptions, true>(reader, params);
}

Status ParseSubOptions(const OptionsReader& reader, const void** params) {
  return ParseElementwise<tflite::SubOptions, true>(reader, params);
}

Status ParseMulOptions(const OptionsReader& reader, const void** params) {
  return ParseElementwise<tflite::MulOptions, false>(reader, params);
}

Status ParseDivOptions(const OptionsReader& reader, const void** params) {
  return ParseElementwise<tflite::DivOptions, false>(reader, params);
}

Status ParseSoftmaxOptions(const OptionsReader& reader, const void** params) {
  const tflite::SoftmaxOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  SoftmaxParams p;
  if (o != nullptr) p.beta = o->beta();
  return Store(reader.allocator, p, params);
}

Status ParseConcatenationOptions(const OptionsReader& reader, const void** params) {
  const tflite::ConcatenationOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  ConcatenationParams p;
  if (o != nullptr) {
    p.axis = o->axis();
    p.activation = ToActivation(o->fused_activation_function());
  }
  return Store(reader.allocator, p, params);
}

Status ParseReshapeOptions(const OptionsReader& reader, const void** params) {
  const tflite::ReshapeOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  ReshapeParams p;
  if (o != nullptr && o->new_shape() != nullptr &&
      !CopyDims(o->new_shape(), p.shape, &p.num_dims)) {
    return UnsupportedError("RESHAPE new_shape has more than 8 dimensions");
  }
  return Store(reader.allocator, p, params);
}

Status ParseSqueezeOptions(const OptionsReader& reader, const void** params) {
  const tflite::SqueezeOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  SqueezeParams p;
  if (o != nullptr && o->squeeze_dims() != nullptr &&
      !CopyDims(o->squeeze_dims(), p.dims, &p.num_dims)) {
    return UnsupportedError("SQUEEZE lists more than 8 dimensions");
  }
  return Store(reader.allocator, p, params);
}

// MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN, REDUCE_ANY.
Status ParseReducerOptions(const OptionsReader& reader, const void** params) {
  const tflite::ReducerOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  ReducerParams p;
  if (o != nullptr) p.keep_dims = o->keep_dims();
  return Store(reader.allocator, p, params);
}

// ---- Activations, element-wise math, comparison, logic, selection ----
Status ParseLeakyReluOptions(const OptionsReader& reader, const void** params) {
  const tflite::LeakyReluOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  LeakyReluParams p;
  if (o != nullptr) p.alpha = o->alpha();
  return Store(reader.allocator, p, params);
}

Status ParseGeluOptions(const OptionsReader& reader, const void** params) {
  const tflite::GeluOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  GeluParams p;
  if (o != nullptr) p.approximate = o->approximate();
  return Store(reader.allocator, p, params);
}

// ---- Shape, data movement, resizing, layout, reductions ----
Status ParseStridedSliceOptions(const OptionsReader& reader, const void** params) {
  const tflite::StridedSliceOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  StridedSliceParams p;
  if (o != nullptr) {
    p.begin_mask = o->begin_mask();
    p.end_mask = o->end_mask();
    p.ellipsis_mask = o->ellipsis_mask();
    p.new_axis_mask = o->new_axis_mask();
    p.shrink_axis_mask = o->shrink_axis_mask();
    p.offset = o->offset();
  }
  return Store(reader.allocator, p, params);
}

Status ParseSplitOptions(const OptionsReader& reader, const void** params) {
  return ParseSplitLike<tflite::SplitOptions>(reader, params);
}

Status ParseSplitVOptions(const OptionsReader& reader, const void** params) {
  return ParseSplitLike<tflite::SplitVOptions>(reader, params);
}

Status ParseGatherOptions(const OptionsReader& reader, const void** params) {
  const tflite::GatherOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  GatherParams p;
  if (o != nullptr) {
    p.axis = o->axis();
    p.batch_dims = o->batch_dims();
  }
  return Store(reader.allocator, p, params);
}

Status ParsePackOptions(const OptionsReader& reader, const void** params) {
  const tflite::PackOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  PackParams p;
  if (o != nullptr) {
    p.count = o->values_count();
    p.axis = o->axis();
  }
  return Store(reader.allocator, p, params);
}

Status ParseUnpackOptions(const OptionsReader& reader, const void** params) {
  const tflite::UnpackOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  PackParams p;
  if (o != nullptr) {
    p.count = o->num();
    p.axis = o->axis();
  }
  return Store(reader.allocator, p, params);
}

Status ParseMirrorPadOptions(const OptionsReader& reader, const void** params) {
  const tflite::MirrorPadOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  MirrorPadParams p;
  if (o != nullptr) {
    BRASA_RETURN_IF_ERROR(CheckMirrorPadMode(o->mode()));
    p.mode = o->mode() == tflite::MirrorPadMode::SYMMETRIC ? MirrorPadMode::kSymmetric
                                                            : MirrorPadMode::kReflect;
  }
  return Store(reader.allocator, p, params);
}

Status ParseResizeBilinearOptions(const OptionsReader& reader, const void** params) {
  return ParseResize<tflite::ResizeBilinearOptions>(reader, params);
}

Status ParseResizeNearestNeighborOptions(const OptionsReader& reader, const void** params) {
  return ParseResize<tflite::ResizeNearestNeighborOptions>(reader, params);
}

Status ParseDepthToSpaceOptions(const OptionsReader& reader, const void** params) {
  return ParseDepthSpace<tflite::DepthToSpaceOptions>(reader, params);
}

Status ParseSpaceToDepthOptions(const OptionsReader& reader, const void** params) {
  return ParseDepthSpace<tflite::SpaceToDepthOptions>(reader, params);
}

// ---- Convolution variants, matmul, normalization, lookup ----
Status ParseTransposeConvOptions(const OptionsReader& reader, const void** params) {
  const tflite::TransposeConvOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
  BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  TransposeConvParams p;
  p.padding = ToPadding(o->padding());
  p.stride_w = o->stride_w();
  p.stride_h = o->stride_h();
  p.activation = ToActivation(o->fused_activation_function());
  p.quantized_bias_type = static_cast<int8_t>(o->quantized_bias_type());
  return Store(reader.allocator, p, params);
}

Status ParseL2NormOptions(const OptionsReader& reader, const void** params) {
  const tflite::L2NormOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  L2NormParams p;
  if (o != nullptr) p.activation = ToActivation(o->fused_activation_function());
  return Store(reader.allocator, p, params);
}

Status ParseLocalResponseNormalizationOptions(const OptionsReader& reader, const void** params) {
  const tflite::LocalResponseNormalizationOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  LocalResponseNormParams p;
  if (o != nullptr) {
    p.radius = o->radius();
    p.bias = o->bias();
    p.alpha = o->alpha();
    p.beta = o->beta();
  }
  return Store(reader.allocator, p, params);
}

Status ParseCumsumOptions(const OptionsReader& reader, const void** params) {
  const tflite::CumsumOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  CumsumParams p;
  if (o != nullptr) {
    p.exclusive = o->exclusive();
    p.reverse = o->reverse();
  }
  return Store(reader.allocator, p, params);
}

Status ParseBatchMatMulOptions(const OptionsReader& reader, const void** params) {
  const tflite::BatchMatMulOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BatchMatMulParams p;
  if (o != nullptr) {
    p.adj_x = o->adj_x();
    p.adj_y = o->adj_y();
    p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  }
  return Store(reader.allocator, p, params);
}

// ---- Recurrent and stateful (SVDF, LSTM, RNN) ----
// Without an options table these leave *params null: Prepare reports it.
Status ParseSVDFOptions(const OptionsReader& reader, const void** params) {
  const tflite::SVDFOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  SvdfParams p;
  p.rank = o->rank();
  p.activation = ToActivation(o->fused_activation_function());
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  return Store(reader.allocator, p, params);
}

Status ParseRNNOptions(const OptionsReader& reader, const void** params) {
  const tflite::RNNOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  RnnParams p;
  p.activation = ToActivation(o->fused_activation_function());
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  return Store(reader.allocator, p, params);
}

Status ParseSequenceRNNOptions(const OptionsReader& reader, const void** params) {
  const tflite::SequenceRNNOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  RnnParams p;
  p.activation = ToActivation(o->fused_activation_function());
  p.time_major = o->time_major();
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  return Store(reader.allocator, p, params);
}

Status ParseBidirectionalSequenceRNNOptions(const OptionsReader& reader, const void** params) {
  const tflite::BidirectionalSequenceRNNOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  BidirectionalSequenceRnnParams p;
  p.activation = ToActivation(o->fused_activation_function());
  p.time_major = o->time_major();
  p.merge_outputs = o->merge_outputs();
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  return Store(reader.allocator, p, params);
}

Status ParseBidirectionalSequenceLSTMOptions(const OptionsReader& reader, const void** params) {
  const tflite::BidirectionalSequenceLSTMOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  BidirectionalSequenceLstmParams p;
  p.activation = ToActivation(o->fused_activation_function());
  p.cell_clip = o->cell_clip();
  p.proj_clip = o->proj_clip();
  p.merge_outputs = o->merge_outputs();
  p.time_major = o->time_major();
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  return Store(reader.allocator, p, params);
}

Status ParseUnidirectionalSequenceLSTMOptions(const OptionsReader& reader, const void** params) {
  const tflite::UnidirectionalSequenceLSTMOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  BRASA_RETURN_IF_ERROR(CheckActivationOf(o));
  if (o == nullptr) return Status::Ok();
  SequenceLstmParams p;
  p.activation = ToActivation(o->fused_activation_function());
  p.cell_clip = o->cell_clip();
  p.proj_clip = o->proj_clip();
  p.time_major = o->time_major();
  p.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  p.diagonal_recurrent_tensors = o->diagonal_recurrent_tensors();
  return Store(reader.allocator, p, params);
}

// ---- Control flow, variables, custom post-processing ----
Status ParseIfOptions(const OptionsReader& reader, const void** params) {
  const tflite::IfOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  IfParams p;
  p.then_subgraph = o->then_subgraph_index();
  p.else_subgraph = o->else_subgraph_index();
  return Store(reader.allocator, p, params);
}

Status ParseWhileOptions(const OptionsReader& reader, const void** params) {
  const tflite::WhileOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o, /*required=*/true));
  WhileParams p;
  p.cond_subgraph = o->cond_subgraph_index();
  p.body_subgraph = o->body_subgraph_index();
  return Store(reader.allocator, p, params);
}

Status ParseCallOnceOptions(const OptionsReader& reader, const void** params) {
  const tflite::CallOnceOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  CallOnceParams p;
  if (o != nullptr) p.init_subgraph = o->init_subgraph_index();
  return Store(reader.allocator, p, params);
}

Status ParseVarHandleOptions(const OptionsReader& reader, const void** params) {
  const tflite::VarHandleOptions* o = nullptr;
  BRASA_RETURN_IF_ERROR(Read(reader, &o));
  VarHandleParams p;
  if (o != nullptr) {
    if (o->container() != nullptr) p.container = o->container()->c_str();
    if (o->shared_name() != nullptr) p.shared_name = o->shared_name()->c_str();
  }
  return Store(reader.allocator, p, params);
}

OptionsParser OptionsParserFor(int32_t code) {
  // 8 bytes a row; only hosted builds link it (an application's own kernel
  // for a builtin op).
  static constexpr struct {
    uint8_t code;
    OptionsParser parse;
  } kParsers[] = {
      {0, ParseAddOptions},
      {1, ParsePool2DOptions},
      {2, ParseConcatenationOptions},
      {3, ParseConv2DOptions},
      {4, ParseDepthwiseConv2DOptions},
      {5, ParseDepthToSpaceOptions},
      {9, ParseFullyConnectedOptions},
      {11, ParseL2NormOptions},
      {12, ParsePool2DOptions},
      {13, ParseLocalResponseNormalizationOptions},
      {17, ParsePool2DOptions},
      {18, ParseMulOptions},
      {22, ParseReshapeOptions},
      {23, ParseResizeBilinearOptions},
      {24, ParseRNNOptions},
      {25, ParseSoftmaxOptions},
      {26, ParseSpaceToDepthOptions},
      {27, ParseSVDFOptions},
      {35, ParseSequenceRNNOptions},
      {36, ParseGatherOptions},
      {40, ParseReducerOptions},
      {41, ParseSubOptions},
      {42, ParseDivOptions},
      {43, ParseSqueezeOptions},
      {44, ParseUnidirectionalSequenceLSTMOptions},
      {45, ParseStridedSliceOptions},
      {46, ParseBidirectionalSequenceRNNOptions},
      {49, ParseSplitOptions},
      {52, ParseBidirectionalSequenceLSTMOptions},
      {67, ParseTransposeConvOptions},
      {74, ParseReducerOptions},
      {81, ParseReducerOptions},
      {82, ParseReducerOptions},
      {83, ParsePackOptions},
      {88, ParseUnpackOptions},
      {89, ParseReducerOptions},
      {91, ParseReducerOptions},
      {97, ParseResizeNearestNeighborOptions},
      {98, ParseLeakyReluOptions},
      {100, ParseMirrorPadOptions},
      {102, ParseSplitVOptions},
      {118, ParseIfOptions},
      {119, ParseWhileOptions},
      {126, ParseBatchMatMulOptions},
      {128, ParseCumsumOptions},
      {129, ParseCallOnceOptions},
      {142, ParseVarHandleOptions},
      {150, ParseGeluOptions},
  };
  for (const auto& row : kParsers) {
    if (row.code == code) return row.parse;
  }
  return nullptr;
}

bool HasOptionsParser(int32_t code) {
  // The codes of OptionsParserFor's table, a byte each.
  static constexpr uint8_t kCodes[] = {0,  1,  2,  3,  4,  5,  9,   11,  12,  13,  17,  18,
                                       22, 23, 24, 25, 26, 27, 35,  36,  40,  41,  42,  43,
                                       44, 45, 46, 49, 52, 67, 74,  81,  82,  83,  88,  89,
                                       91, 97, 98, 100, 102, 118, 119, 126, 128, 129, 142, 150};
  for (uint8_t c : kCodes) {
    if (c == code) return true;
  }
  return false;
}

Status ParseBuiltinOptions(int32_t code, const OpKernel& kernel, const OptionsReader& reader,
                           const void** params) {
  *params = nullptr;
  OptionsParser parse = kernel.parse_options;
#ifdef BRASA_BARE_METAL
  // No table of every parser here (it would link them all). An op brasa
  // reads no options for runs without them (its model may still carry an
  // options table: TRANSPOSE's, PAD's); an application's kernel without a
  // parser for an op whose kernels read options is refused rather than left
  // without them.
  if (parse == nullptr) {
    if (!HasOptionsParser(code)) return Status::Ok();
    return UnsupportedError(
        "the registered kernel carries no options parser (OpKernel::parse_options) for an "
        "operator that has options");
  }
#else
  if (parse == nullptr) parse = OptionsParserFor(code);
  if (parse == nullptr) return Status::Ok();  // no options, or an op brasa does not run
#endif
  return parse(reader, params);
}

}  // namespace internal
}  // namespace brasa
