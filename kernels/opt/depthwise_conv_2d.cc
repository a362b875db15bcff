// Optimized DEPTHWISE_CONV_2D: int8 and uint8 run a qs8_dwconv micro-kernel
// over an indirection list (one input pointer per filter tap of each output
// pixel, padding taps pointing at a row of zero-point bytes), output row by
// output row across threads. With a depth multiplier m > 1 the input is
// first expanded into scratch (channel ic repeated m times), which turns the
// op into a multiplier-1 depthwise convolution over the output channels.
// float32 (multiplier 1) runs depthwise_conv_2d_f32.cc's f32_dwrow (3 or 5
// wide windows, horizontal stride 1 or 2) or else its f32_dwconv the same
// way. int8/uint8 nodes with one input channel run
// depthwise_conv_2d_plane.cc's qs8_dwplane instead, and those with a few
// channels and stride 1 depthwise_conv_2d_rows.cc. Everything else (int16)
// runs the reference kernel, whose Prepare always runs first.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/opt/depthwise_conv_2d_f32.h"
#include "kernels/opt/depthwise_conv_2d_plane.h"
#include "kernels/opt/depthwise_conv_2d_rows.h"
#include "kernels/opt/dwconv_indirection.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/ukernels/qs8_dwconv/qs8_dwconv.h"
#include "kernels/params.h"
#include "kernels/ref/depthwise_conv_2d.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct OptDepthwiseData : DepthwiseData {
  const Qs8DwconvVariant* variant = nullptr;  // null: the reference Eval runs
  const void* packed = nullptr;
  const uint8_t* padding_row = nullptr;  // `channels` bytes of zp_in
  int expanded_scratch = -1;  // depth multiplier > 1: the expanded input
  Qs8DwconvParams params;
  F32DepthwisePlan f32;  // float32: the reference Eval runs unless f32.active()
  PlaneDepthwisePlan plane;  // one input channel: plane.variant set
  RowsDepthwisePlan rows;    // few channels, stride 1: rows.active (runs `variant`)
  bool row_form = false;     // windows 3 wide: variant->row over whole output rows
  // Row form: output rows per call (4 with vertical stride 1, or 2 where
  // Qs8DwconvStridedRowsFit, and dilation 1: the variant's 3x3 int8 tiles
  // then share interleaved input rows).
  int32_t rows_per_call = 1;
  // row_shares > 1 (one per thread): each image's output rows split into
  // that many even shares, each cut into calls_per_share calls of at most
  // rows_per_call rows (RowFormCall), instead of rows_per_call rows a call.
  int32_t row_shares = 1;
  int32_t calls_per_share = 0;
  int32_t row_slices = 1;    // tasks per row-form call (slices of whole blocks of channels)
  // row_slices > 1: tasks numbered slice-major (every row of slice 0 first),
  // so each thread's contiguous share of the tasks is a range of channels.
  bool slice_major = false;
  // Below kMinParallelDepthwiseMacs, split across threads by rows anyway
  // (SplitByRows).
  bool split_rows = false;
};

// Input pointers per row-form call: one per window row (and stride_h more
// per extra output row).
constexpr int32_t kMaxRowFormHeight = 64;
// Vertical strides that take several output rows per row-form call (the
// variant's 3x3 int8 tiles share interleaved input rows at strides 1 and 2).
constexpr int32_t kMaxRowStep = 2;

// Row-form calls per image: output rows rows_per_call at a time.
int32_t RowCalls(int32_t out_h, int32_t rows_per_call) { return (out_h + rows_per_call - 1) / rows_per_call; }

// Row-form calls per image of a prepared node (see row_shares).
int32_t CallsPerImage(const OptDepthwiseData& data) {
  return data.row_shares > 1 ? data.row_shares * data.calls_per_share
                             : RowCalls(data.window.out_h, data.rows_per_call);
}

// The output rows [*out_y, *out_y + *rows) of call `call` of an image.
void RowFormCall(const OptDepthwiseData& data, int32_t call, int32_t* out_y, int32_t* rows) {
  const int32_t out_h = data.window.out_h;
  if (data.row_shares <= 1) {
    *out_y = call * data.rows_per_call;
    *rows = std::min(data.rows_per_call, out_h - *out_y);
    return;
  }
  int32_t share_begin = 0, share_end = 0, begin = 0, end = 0;
  EvenPart(out_h, data.row_shares, call / data.calls_per_share, &share_begin, &share_end);
  EvenPart(share_end - share_begin, data.calls_per_share, call % data.calls_per_share, &begin,
           &end);
  *out_y = share_begin + begin;
  *rows = end - begin;
}

// Whether the row form of `variant` runs this node (after expansion of a
// depth multiplier, the op is a multiplier-1 depthwise convolution). Rows
// under 4 pixels (person_detect's 3x3 layers) have too few pixels to share
// columns and keep the indirection form, which overlaps more sums.
bool RowFormApplies(const OptDepthwiseData& data, const Qs8DwconvVariant& variant,
                    int32_t filter_h, int32_t filter_w) {
  const WindowGeometry& w = data.window;
  return variant.row != nullptr && filter_w == kQs8DwconvRowWidth && w.dilation_w == 1 &&
         w.out_w >= 4 &&
         (w.stride_w == 1 || w.stride_w == 2) && filter_h <= kMaxRowFormHeight;
}

// Multiply-adds from which a row-form node below kMinParallelDepthwiseMacs
// still splits across threads by output rows (SplitByRows).
constexpr int64_t kMinRowSplitDepthwiseMacs = int64_t{1} << 14;
// Channels up to which a node with too few rows for the threads splits by
// rows rather than by slices of channels (RowSlices): the pointwise layer
// before such a node split its rows (conv_2d.cc), where before a 7x7 layer
// of 1024 channels it split its columns.
constexpr int32_t kMaxRowSplitChannels = 128;

// Whether a node splits by output rows: when they give every thread two
// row-form calls or more, at 4, 2 or 1 rows per call (the most that do;
// *rows_per_call lowered to it). The pointwise layers around it split
// their rows too (conv_2d.cc), so each thread then reads the rows it wrote,
// from its own cache: on one thread, or in slices of channels, the other
// thread's rows cross between the cores (person_detect's 12x12x32 and
// 6x6x128 layers on two threads: 1.8 and 1.2 us on one, 1.2 and 1.1 split).
bool SplitByRows(int32_t batches, int32_t out_h, int num_threads, int32_t* rows_per_call) {
  if (num_threads <= 1) return false;
  int32_t per_call = *rows_per_call;
  while (per_call > 1 && batches * RowCalls(out_h, per_call) < 2 * num_threads) per_call /= 2;
  if (batches * RowCalls(out_h, per_call) < 2 * num_threads) return false;
  *rows_per_call = per_call;
  return true;
}

// Tasks per output row: whole rows when there are enough of them to share
// among the threads (a few each, so a late thread does not hold the others
// up), else rows cut into slices of channel blocks (the 7x7 layers).
int32_t RowSlices(int32_t rows, int32_t channels, int32_t cb, int num_threads) {
  if (num_threads <= 1) return 1;
  const int32_t wanted = 4 * num_threads;
  if (rows >= wanted) return 1;
  const int32_t blocks = (channels + cb - 1) / cb;
  return std::max<int32_t>(1, std::min<int32_t>(blocks / 2, (wanted + rows - 1) / rows));
}

// Output rows per thread from which a node with too few row-form calls to
// give each thread several (RowSlices) splits its rows into one even share
// per thread rather than its channels into slices: the pointwise CONV_2D
// before it split the same rows the same way (PointwiseRowTasks,
// ShareTaskRows, or one share per thread where the rows are fewer), so each
// thread reads the rows its own core wrote, and the one after reads what
// this one wrote. Channel slices send half of every row across: a
// 14x14x576 layer of int8 MobileNetV2 took 26 us on two threads of one core
// complex, 68 us when the two vCPUs sat in different complexes (a cache
// line round trip of 550 ns, not 120). Three rows each still pays for the
// uneven shares of 7 rows (3 and 4): the 7x7x960 layers took 12.3 us
// against 17.7 in slices (medians of 22-25 runs, two threads).
constexpr int32_t kMinShareRows = 3;

// One share of rows per thread (see kMinShareRows), each cut into calls of
// at most data->rows_per_call rows: false where the rows are too few.
bool ShareRows(int32_t out_h, int num_threads, OptDepthwiseData* data) {
  if (num_threads <= 1 || out_h < kMinShareRows * num_threads) return false;
  const int32_t share_rows = (out_h + num_threads - 1) / num_threads;
  data->row_shares = num_threads;
  data->calls_per_share = RowCalls(share_rows, data->rows_per_call);
  return true;
}

Status PrepareDwconv(KernelContext& context, OptDepthwiseData* data) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  const DataType type = input.type;
  if (type == DataType::kFloat32 && filter.type != DataType::kFloat32) {
    return Status::Ok();  // hybrid (int8 weights): the reference Eval runs
  }
  if (type == DataType::kFloat32) return PrepareF32Depthwise(context, *data, &data->f32);
  if (type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  if (!HasConstantWeights(tensors)) return Status::Ok();
  BRASA_RETURN_IF_ERROR(PreparePlaneDepthwise(context, *data, &data->plane));
  if (data->plane.variant != nullptr) return Status::Ok();
  const int32_t channels = filter.dim(3);
  const int32_t taps = filter.dim(1) * filter.dim(2);
  if (taps > kMaxDwconvTaps || channels <= 0) return Status::Ok();

  Qs8DwconvWeights weights;
  weights.data = filter.data;
  weights.uint8 = type == DataType::kUInt8;
  weights.channels = channels;
  weights.taps = taps;
  weights.input_offset = data->quant.input_offset;
  weights.filter_offset = data->quant.filter_offset;
  weights.bias = tensors.bias != nullptr ? tensors.bias->data_as<int32_t>() : nullptr;
  weights.multipliers = data->quant.multipliers;
  const Qs8DwconvVariant* selected = SelectSimdUkernel(Qs8DwconvTable(), context.isa());
  if (selected == nullptr) return Status::Ok();  // the reference kernel runs
  const Qs8DwconvVariant& variant = *selected;
  data->params.uint8 = weights.uint8;
  data->params.output_zero_point = data->quant.output_offset;
  data->params.output_min = data->quant.range.min;
  data->params.output_max = data->quant.range.max;
  data->variant = &variant;
  if (RowsDepthwiseApplies(*data, weights, variant)) {
    return PrepareRowsDepthwise(context, *data, weights, variant, &data->rows);
  }
  void* packed = context.AllocatePersistent(Qs8DwconvPackedBytes(variant.cb, channels, taps));
  auto* padding_row = static_cast<uint8_t*>(context.AllocatePersistent(
      static_cast<size_t>(channels)));
  if (packed == nullptr || padding_row == nullptr) return OutOfMemory(context);
  PackQs8Dwconv(weights, variant.cb, packed);
  std::memset(padding_row, static_cast<uint8_t>(-data->quant.input_offset),
              static_cast<size_t>(channels));
  data->packed = packed;
  data->padding_row = padding_row;
  data->row_form = RowFormApplies(*data, variant, filter.dim(1), filter.dim(2));
  const bool rows_share =
      data->window.stride_h == 1 ||
      (data->window.stride_h == kMaxRowStep &&
       Qs8DwconvStridedRowsFit(input.dim(2), static_cast<size_t>(channels)));
  data->rows_per_call =
      rows_share && data->window.dilation_h == 1 ? kQs8DwconvRowMaxOutputRows : 1;
  // Slices only for a node that Eval splits across threads: on one thread
  // they only make more, narrower calls (person_detect's 6x6x128 layers,
  // 8 tasks of 2 blocks instead of 2 of 8: 1.6 us instead of 1.2).
  const int64_t work = tensors.output->element_count() * taps;
  const bool split = work >= kMinParallelDepthwiseMacs;
  // Few channels: split by rows (fewer rows per call) before slicing
  // channels, as the pointwise layer before splits its rows (person_detect's
  // 12x12x64 layer, 2 threads: 1.7 us in slices).
  const bool rows_first = split ? channels <= kMaxRowSplitChannels
                                : work >= kMinRowSplitDepthwiseMacs;
  const bool by_rows = data->row_form && rows_first &&
                       SplitByRows(input.dim(0), data->window.out_h, context.num_threads(),
                                   &data->rows_per_call);
  data->split_rows = by_rows && !split;
  data->row_slices =
      by_rows ? 1
              : RowSlices(input.dim(0) * RowCalls(data->window.out_h, data->rows_per_call),
                          channels, variant.cb, split ? context.num_threads() : 1);
  if (data->row_form && data->row_slices > 1 &&
      ShareRows(data->window.out_h, context.num_threads(), data)) {
    data->row_slices = 1;
  }
  // Slices remain only for outputs of under kMinShareRows rows per thread.
  // With stride 1 they go channels first, as when pointwise CONV_2Ds of few
  // rows split their columns (now only those of under two rows per thread);
  // strided layers read a larger input that its producer split by rows, so
  // they keep the row order.
  data->slice_major = data->window.stride_h == 1;
  if (data->depth_multiplier > 1) {
    const size_t bytes = static_cast<size_t>(input.element_count()) *
                         static_cast<size_t>(data->depth_multiplier);
    return context.RequestScratch(bytes, &data->expanded_scratch);
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptDepthwiseData>(context, PrepareDepthwiseConv2dReference,
                                            PrepareDwconv);
}

struct DepthwiseTask {
  const OptDepthwiseData* data;
  const uint8_t* input;  // [batches, input_h, input_w, channels] (expanded if m > 1)
  uint8_t* output;
  int32_t batches, input_h, input_w, channels, filter_h, filter_w;
  const uint8_t* original;  // m > 1: the input before expansion, and its copy
  uint8_t* expanded;
  int32_t original_channels;
};

// m > 1: input pixel `index` of the original, each channel repeated m times.
void ExpandPixelRow(void* context, int index) {
  const DepthwiseTask& t = *static_cast<const DepthwiseTask*>(context);
  const int32_t m = t.data->depth_multiplier;
  const size_t pixels = static_cast<size_t>(t.input_w);
  const uint8_t* from = t.original + static_cast<size_t>(index) * pixels * t.original_channels;
  uint8_t* to = t.expanded + static_cast<size_t>(index) * pixels * t.channels;
  const size_t values = pixels * static_cast<size_t>(t.original_channels);
  if (m % 8 == 0) {  // common (m = 8 in the micro models): 8 copies per store
    for (size_t p = 0; p < values; ++p) {
      const uint64_t copies = from[p] * uint64_t{0x0101010101010101};
      for (int32_t j = 0; j < m; j += 8, to += 8) std::memcpy(to, &copies, 8);
    }
    return;
  }
  for (size_t p = 0; p < values; ++p) {
    for (int32_t j = 0; j < m; ++j) *to++ = from[p];
  }
}

// One output row (batch * out_h + out_y).
void RunRow(void* context, int index) {
  const DepthwiseTask& t = *static_cast<const DepthwiseTask*>(context);
  const OptDepthwiseData& data = *t.data;
  const DwconvSource<uint8_t> source{&data.window, t.input,  data.padding_row, t.input_h,
                                     t.input_w,    t.channels, t.filter_h,     t.filter_w};
  const size_t channels = static_cast<size_t>(t.channels);
  uint8_t* out_row = t.output + static_cast<size_t>(index) * data.window.out_w * channels;
  const int32_t taps = t.filter_h * t.filter_w;
  ForEachDwconvPixelBatch(source, index,
                          [&](int32_t first, int32_t pixels, const uint8_t* const* pointers) {
                            data.variant->fn(pixels, t.channels, taps, pointers, data.packed,
                                             out_row + static_cast<size_t>(first) * channels,
                                             channels, data.params);
                          });
}

// Task `index` of the row form: one call's output rows (rows_per_call of them,
// or the last ones of an image), one slice of its blocks of channels (see
// slice_major for the order).
void RunRowForm(void* context, int index) {
  const DepthwiseTask& t = *static_cast<const DepthwiseTask*>(context);
  const OptDepthwiseData& data = *t.data;
  const WindowGeometry& w = data.window;
  const int32_t calls = CallsPerImage(data);
  const int32_t calls_total = t.batches * calls;
  const int32_t call = data.slice_major ? index % calls_total : index / data.row_slices;
  const int32_t slice = data.slice_major ? index / calls_total : index % data.row_slices;
  const int32_t batch = call / calls;
  int32_t out_y = 0, output_rows = 0;
  RowFormCall(data, call % calls, &out_y, &output_rows);
  const int32_t cb = data.variant->cb;
  const int32_t blocks = (t.channels + cb - 1) / cb;
  const int32_t first_block = static_cast<int32_t>(int64_t{blocks} * slice / data.row_slices);
  const int32_t end_block = static_cast<int32_t>(int64_t{blocks} * (slice + 1) / data.row_slices);
  const int32_t first = first_block * cb;
  const int32_t count = std::min(end_block * cb, t.channels) - first;
  if (count <= 0 || output_rows <= 0) return;
  const size_t row_bytes = static_cast<size_t>(t.input_w) * t.channels;
  const uint8_t* image = t.input + static_cast<size_t>(batch) * t.input_h * row_bytes;
  const uint8_t* rows[kMaxRowFormHeight + (kQs8DwconvRowMaxOutputRows - 1) * kMaxRowStep];
  for (int32_t ky = 0; ky < t.filter_h + (output_rows - 1) * w.stride_h; ++ky) {
    const int32_t in_y = out_y * w.stride_h - w.pad_top + ky * w.dilation_h;
    rows[ky] = in_y >= 0 && in_y < t.input_h ? image + in_y * row_bytes + first : nullptr;
  }
  const size_t output_row_bytes = static_cast<size_t>(w.out_w) * t.channels;
  const Qs8DwconvRow row{rows,        data.padding_row + first, t.filter_h,
                         t.input_w,   -w.pad_left,              w.stride_w,
                         static_cast<size_t>(t.channels), output_rows, output_row_bytes,
                         w.stride_h};
  const size_t block_bytes =
      Qs8DwconvPackedBytes(cb, cb, t.filter_h * t.filter_w) * static_cast<size_t>(first_block);
  uint8_t* out =
      t.output + static_cast<size_t>(batch * w.out_h + out_y) * output_row_bytes + first;
  data.variant->row(w.out_w, count, row, static_cast<const uint8_t*>(data.packed) + block_bytes,
                    out, data.params);
}

Status Eval(KernelContext& context) {
  const OptDepthwiseData& data = *context.op_data<OptDepthwiseData>();
  if (data.f32.active()) return EvalF32Depthwise(context, data, data.f32);
  if (data.plane.variant != nullptr) return EvalPlaneDepthwise(context, data, data.plane);
  if (data.variant == nullptr) return EvalDepthwiseConv2dReference(context, data);
  if (data.rows.active) {
    return EvalRowsDepthwise(context, data, *data.variant, data.params, data.rows);
  }
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  DepthwiseTask task;
  task.data = &data;
  task.input = static_cast<const uint8_t*>(tensors.input->data);
  task.output = static_cast<uint8_t*>(tensors.output->data);
  task.batches = tensors.input->dim(0);
  task.input_h = tensors.input->dim(1);
  task.input_w = tensors.input->dim(2);
  task.channels = tensors.filter->dim(3);
  task.filter_h = tensors.filter->dim(1);
  task.filter_w = tensors.filter->dim(2);
  task.original = task.input;
  task.expanded = nullptr;
  task.original_channels = tensors.input->dim(3);
  const int64_t work = tensors.output->element_count() * task.filter_h * task.filter_w;
  if (data.depth_multiplier > 1) {
    task.expanded = static_cast<uint8_t*>(context.scratch(data.expanded_scratch));
    task.input = task.expanded;
    ParallelForWork(context, work, tensors.input->dim(0) * task.input_h, ExpandPixelRow, &task);
  }
  const int32_t rows = tensors.input->dim(0) * data.window.out_h;
  const int32_t row_tasks =
      tensors.input->dim(0) * CallsPerImage(data) * data.row_slices;
  if (data.row_form && work < kMinParallelDepthwiseMacs && !data.split_rows) {
    for (int i = 0; i < row_tasks; ++i) RunRowForm(&task, i);
  } else if (data.row_form) {
    context.ParallelFor(row_tasks, RunRowForm, &task);
  } else {
    ParallelForWork(context, work, rows, RunRow, &task);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DEPTHWISE_CONV_2D_OPT() {
  static const OpKernel kernel = {"DEPTHWISE_CONV_2D", Prepare, Eval,
                                  internal::ParseDepthwiseConv2DOptions};
  return &kernel;
}

}  // namespace brasa
