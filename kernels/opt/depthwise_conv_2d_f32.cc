#include "kernels/opt/depthwise_conv_2d_f32.h"

#include <algorithm>
#include <cstdint>

#include "kernels/opt/dwconv_indirection.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"

namespace brasa {
namespace {

// The tasks: row_splits ranges of output rows (batch * out_h + out_y) times
// channel_splits ranges of channel blocks, each range as even as whole rows
// (blocks) allow. Numbered rows first, or channels first (channels_first):
// see EvalF32Depthwise.
struct F32DepthwiseTask {
  const F32DepthwisePlan* plan;
  DwconvSource<float> source;
  float* output;
  int32_t rows, row_splits;
  int32_t blocks, cb, channel_splits;
  bool channels_first;
  // Tasks and their rows in reverse order (one thread; see EvalF32Depthwise).
  bool bottom_up;
  float* compact;  // set: ConvolveCompact, plan->compact_floats per task
};

// Inputs up to this size stay in L2 after the op that wrote them; larger
// ones (MobileNetV2's 112x112x32, 112x112x96 and 56x56x144) do not.
constexpr int64_t kL2ResidentInputBytes = int64_t{1} << 20;

// f32_dwrow on output row `index`, channels [first, first + count), from
// the window's `rows` input rows (pixels input_pixel floats apart, each
// starting at channel input_first).
void RunDwrow(const F32DepthwiseTask& t, int32_t index, const float* const* inputs,
              const int32_t* filter_rows, int32_t rows, int32_t input_pixel,
              int32_t input_first, int32_t first, int32_t count) {
  const DwconvSource<float>& s = t.source;
  const WindowGeometry& w = *s.window;
  F32DwrowArgs args;
  args.inputs = inputs;
  args.filter_rows = filter_rows;
  args.rows = rows;
  args.filter_w = s.filter_w;
  args.filter_h = s.filter_h;
  args.stride = w.stride_w;
  args.input_w = s.input_w;
  args.pad_left = w.pad_left;
  args.out_w = w.out_w;
  args.channels = s.channels;
  args.input_pixel = input_pixel;
  args.input_first = input_first;
  args.first = first;
  args.count = count;
  const F32DepthwisePlan& plan = *t.plan;
  plan.rows->fn(args, plan.packed,
                t.output + static_cast<size_t>(index) * w.out_w * s.channels, plan.params);
}

// f32_dwrow: channels [first, first + count) of output row `index`.
void ConvolveRowAlong(const F32DepthwiseTask& t, int32_t index, int32_t first, int32_t count) {
  const DwconvSource<float>& s = t.source;
  const WindowGeometry& w = *s.window;
  const int32_t out_y = index % w.out_h, batch = index / w.out_h;
  const size_t row_floats = static_cast<size_t>(s.input_w) * s.channels;
  const float* image = s.input + static_cast<size_t>(batch) * s.input_h * row_floats;
  const float* inputs[kMaxDwrowFilterH];
  int32_t filter_rows[kMaxDwrowFilterH];
  int32_t rows = 0;
  for (int32_t fy = 0; fy < s.filter_h; ++fy) {
    const int32_t in_y = out_y * w.stride_h - w.pad_top + fy * w.dilation_h;
    if (in_y < 0 || in_y >= s.input_h) continue;
    inputs[rows] = image + static_cast<size_t>(in_y) * row_floats;
    filter_rows[rows++] = fy;
  }
  RunDwrow(t, index, inputs, filter_rows, rows, s.channels, 0, first, count);
}

// f32_dwconv: all channels of output row `index`.
void ConvolveRowIndirect(const F32DepthwiseTask& t, int32_t index) {
  const F32DepthwisePlan& plan = *t.plan;
  const size_t channels = static_cast<size_t>(t.source.channels);
  float* out_row = t.output + static_cast<size_t>(index) * t.source.window->out_w * channels;
  const int32_t taps = t.source.filter_h * t.source.filter_w;
  ForEachDwconvPixelBatch(t.source, index,
                          [&](int32_t first, int32_t pixels, const float* const* pointers) {
                            plan.variant->fn(pixels, t.source.channels, taps, pointers,
                                             plan.packed,
                                             out_row + static_cast<size_t>(first) * channels,
                                             channels, plan.params);
                          });
}

// f32_dwrow over compact copies of the window's rows: output rows [row_begin,
// row_end) (bottom_up: last first) of blocks [block_begin, block_end), in
// groups of plan->compact_blocks blocks, each group down all the rows. A
// group keeps one copy per filter row in `ring` (input_w pixels of its
// channels alone, one after the other), copying each input row it reads once.
void ConvolveCompact(const F32DepthwiseTask& t, float* ring, int32_t row_begin, int32_t row_end,
                     int32_t block_begin, int32_t block_end) {
  const DwconvSource<float>& s = t.source;
  const WindowGeometry& w = *s.window;
  const F32DepthwisePlan& plan = *t.plan;
  const size_t row_floats = static_cast<size_t>(s.input_w) * s.channels;
  const int32_t rows = row_end - row_begin;
  for (int32_t group = block_begin; group < block_end; group += plan.compact_blocks) {
    const int32_t group_end = std::min(block_end, group + plan.compact_blocks);
    const int32_t first = group * t.cb;
    const int32_t floats = (group_end - group) * t.cb;
    const size_t slot_floats = static_cast<size_t>(s.input_w) * floats;
    int64_t held[kMaxDwrowFilterH];  // which input row (batch * input_h + y) each slot holds
    for (int64_t& row : held) row = -1;
    for (int32_t i = 0; i < rows; ++i) {
      const int32_t index = t.bottom_up ? row_end - 1 - i : row_begin + i;
      const int32_t out_y = index % w.out_h, batch = index / w.out_h;
      const float* inputs[kMaxDwrowFilterH];
      int32_t filter_rows[kMaxDwrowFilterH];
      int32_t present = 0;
      for (int32_t fy = 0; fy < s.filter_h; ++fy) {
        const int32_t in_y = out_y - w.pad_top + fy;  // stride and dilation 1
        if (in_y < 0 || in_y >= s.input_h) continue;
        const int64_t key = int64_t{batch} * s.input_h + in_y;
        float* slot = ring + static_cast<size_t>(in_y % s.filter_h) * slot_floats;
        if (held[in_y % s.filter_h] != key) {
          plan.rows->copy(s.input + static_cast<size_t>(key) * row_floats + first,
                          static_cast<size_t>(s.channels), slot, static_cast<size_t>(floats),
                          s.input_w, floats);
          held[in_y % s.filter_h] = key;
        }
        inputs[present] = slot;
        filter_rows[present++] = fy;
      }
      RunDwrow(t, index, inputs, filter_rows, present, floats, first, first, floats);
    }
  }
}

void RunTask(void* context, int index) {
  const F32DepthwiseTask& t = *static_cast<const F32DepthwiseTask*>(context);
  if (t.bottom_up) index = t.row_splits * t.channel_splits - 1 - index;
  int32_t row_begin, row_end, block_begin, block_end;
  const int32_t row_part = t.channels_first ? index % t.row_splits : index / t.channel_splits;
  const int32_t channel_part =
      t.channels_first ? index / t.row_splits : index % t.channel_splits;
  EvenPart(t.rows, t.row_splits, row_part, &row_begin, &row_end);
  EvenPart(t.blocks, t.channel_splits, channel_part, &block_begin, &block_end);
  const int32_t first = block_begin * t.cb;
  const int32_t count = std::min(t.source.channels, block_end * t.cb) - first;
  const int32_t rows = row_end - row_begin;
  if (t.compact != nullptr) {
    return ConvolveCompact(t, t.compact + static_cast<size_t>(index) * t.plan->compact_floats,
                           row_begin, row_end, block_begin, block_end);
  }
  for (int32_t i = 0; i < rows; ++i) {
    const int32_t row = t.bottom_up ? row_end - 1 - i : row_begin + i;
    if (t.plan->rows != nullptr) {
      ConvolveRowAlong(t, row, first, count);
    } else {
      ConvolveRowIndirect(t, row);
    }
  }
}

// How many ranges of rows and of channel blocks the work splits into: a few
// tasks per thread (a late thread then delays the op by less than one task);
// channel ranges only where the rows are too few for that, and only for
// f32_dwrow (f32_dwconv takes whole rows).
struct F32DepthwiseSplit {
  int32_t row_splits, channel_splits;
};

F32DepthwiseSplit SplitWork(const KernelContext& context, int64_t work, int32_t rows,
                            int32_t blocks, bool dwrow) {
  const int32_t threads = work < kMinParallelMultiplyAdds ? 1 : context.num_threads();
  const int32_t wanted = threads <= 1 ? 1 : threads * 4;
  F32DepthwiseSplit split;
  split.row_splits = std::max<int32_t>(1, std::min<int32_t>(rows, wanted));
  split.channel_splits =
      !dwrow ? 1
             : std::max<int32_t>(1, std::min<int32_t>(blocks, (wanted + split.row_splits - 1) /
                                                                  split.row_splits));
  return split;
}

// Where a block of channels of the window's input rows falls in few L1 sets
// (pixels a multiple of 2 KB apart: 512 and 1024 channels), f32_dwrow reads
// compact copies of the rows instead (ConvolveCompact): with stride and
// dilation 1 down the rows, each copied row serves filter_h output rows from
// L1. Read in place, a 3x3 window of one block takes 27 lines of one or two
// 8-way sets, so nothing stays in L1 from one output row to the next (and
// groups of blocks passing down all the rows evict their own lines). A
// group's copies take about kCompactWindowBytes (14x14x512: 4 blocks; 7x7x1024:
// 8); the copies of 4 blocks, pixels 256 bytes apart, go through DwrowPair.
// Nodes alone, one thread, medians of 10 alternating rounds of 500 invokes
// (and their fastest): 14x14x512 37.1 -> 28.9 us (35.5 -> 27.8), 7x7x1024
// 25.5 -> 18.0 us (22.3 -> 14.7); groups of 2 or 8 blocks 33.3 and 33.0 us at
// 14x14x512, single blocks instead of pairs 32.0 us. In MobileNetV1 (per-node
// profile, medians of 12 rounds of 100 invokes) its five 14x14x512 layers
// 51.5-56.3 -> 48.3-50.3 us, the 7x7x1024 one 32.8-34.4 -> 28.3-28.6 us
// (their inputs come from L3 there). Pixels 1 KB (28x28x256) or 512 bytes
// (56x56x128) apart were slower this way (62.2 -> 64.9 us, 86.4 -> 152.5 us),
// and neither prefetching the next row's lines before its copy nor walking
// the groups last first helped in the model. AVX2 (--isa avx2, 8-channel
// blocks, single): 14x14x512 61.6 -> 50.8 us, 7x7x1024 69.7 -> 39.7 us.
constexpr size_t kCompactWindowBytes = 12288;

// Whether a split's tasks run down enough rows for the copies to pay: each
// copied row then serves about filter_h output rows (one thread: 14 or 7
// rows a task). Two threads' tasks of 1 or 2 rows read the rows in place.
bool CompactCopiesPay(const F32DepthwiseSplit& split, int32_t rows, int32_t filter_h) {
  return rows / split.row_splits >= 2 * filter_h;
}

}  // namespace

Status PrepareF32Depthwise(KernelContext& context, const DepthwiseData& data,
                           F32DepthwisePlan* plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& filter = *tensors.filter;
  if (!HasConstantWeights(tensors) || data.depth_multiplier != 1) return Status::Ok();
  const int32_t channels = filter.dim(3);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t taps = filter_h * filter_w;
  if (taps > kMaxDwconvTaps || taps <= 0 || channels <= 0) return Status::Ok();
  const WindowGeometry& window = data.window;
  int32_t cb = 0;
  if (F32DwrowSupports(filter_h, filter_w, window.stride_w, window.dilation_w, window.pad_left)) {
    plan->rows = SelectSimdUkernel(F32DwrowTable(), context.isa());
    if (plan->rows != nullptr) cb = plan->rows->cb;
  }
  if (plan->rows == nullptr) {
    plan->variant = SelectSimdUkernel(F32DwconvTable(), context.isa());
    if (plan->variant == nullptr) return Status::Ok();  // the reference kernel runs
    cb = plan->variant->cb;
  }
  const size_t floats = F32DwconvPackedFloats(cb, channels, taps);
  auto* packed = static_cast<float*>(context.AllocatePersistent(sizeof(float) * floats));
  if (packed == nullptr) return OutOfMemory(context);
  if (plan->variant != nullptr) {  // the indirection's padding taps point here
    auto* padding_row = static_cast<float*>(
        context.AllocatePersistent(sizeof(float) * static_cast<size_t>(channels)));
    if (padding_row == nullptr) return OutOfMemory(context);
    for (int32_t c = 0; c < channels; ++c) padding_row[c] = 0.0f;
    plan->padding_row = padding_row;
  }
  const float* bias = tensors.bias != nullptr ? tensors.bias->data_as<float>() : nullptr;
  PackF32Dwconv(filter.data_as<float>(), bias, channels, taps, cb, packed);
  plan->packed = packed;
  plan->params.min = data.float_range.min;
  plan->params.max = data.float_range.max;
  const int64_t input_pixel_bytes = int64_t{channels} * static_cast<int64_t>(sizeof(float));
  if (plan->rows != nullptr && window.stride_h == 1 && window.dilation_h == 1 &&
      channels % cb == 0 && input_pixel_bytes % 2048 == 0) {
    const Tensor& input = *tensors.input;
    const int32_t input_w = input.dim(2);
    const size_t block_ring_floats = static_cast<size_t>(filter_h) * input_w * cb;
    const int32_t blocks = channels / cb;
    // As many blocks as kCompactWindowBytes allow, in groups of equal size
    // (64 blocks of 7x7x1024 in 8 groups of 8, not 7 of 9 and one of 1).
    const int32_t most = std::max<int32_t>(
        1, static_cast<int32_t>(kCompactWindowBytes / (sizeof(float) * block_ring_floats)));
    const int32_t groups = (blocks + most - 1) / most;
    plan->compact_blocks = (blocks + groups - 1) / groups;
    plan->compact_floats = block_ring_floats * static_cast<size_t>(plan->compact_blocks);
    const int32_t rows = input.dim(0) * window.out_h;
    const int64_t work = int64_t{rows} * window.out_w * channels * taps;
    const F32DepthwiseSplit split = SplitWork(context, work, rows, blocks, true);
    if (!CompactCopiesPay(split, rows, filter_h)) {
      plan->compact_blocks = 0;
      return Status::Ok();
    }
    plan->compact_tasks = split.row_splits * split.channel_splits;
    return context.RequestScratch(
        sizeof(float) * plan->compact_floats * static_cast<size_t>(plan->compact_tasks),
        &plan->compact_scratch);
  }
  return Status::Ok();
}

Status EvalF32Depthwise(KernelContext& context, const DepthwiseData& data,
                        const F32DepthwisePlan& plan) {
  const WeightedOpTensors tensors = WeightedOpTensorsOf(context);
  const Tensor& input = *tensors.input;
  const Tensor& filter = *tensors.filter;
  F32DepthwiseTask task;
  task.plan = &plan;
  task.source = DwconvSource<float>{&data.window, input.data_as<float>(), plan.padding_row,
                                    input.dim(1),  input.dim(2),          filter.dim(3),
                                    filter.dim(1), filter.dim(2)};
  task.output = tensors.output->data_as<float>();
  task.rows = input.dim(0) * data.window.out_h;
  const int64_t work = tensors.output->element_count() * filter.dim(1) * filter.dim(2);
  const int32_t threads = work < kMinParallelMultiplyAdds ? 1 : context.num_threads();
  task.cb = plan.rows != nullptr ? plan.rows->cb : filter.dim(3);
  task.blocks = (filter.dim(3) + task.cb - 1) / task.cb;
  const F32DepthwiseSplit split =
      SplitWork(context, work, task.rows, task.blocks, plan.rows != nullptr);
  task.row_splits = split.row_splits;
  task.channel_splits = split.channel_splits;
  // The compact copies' scratch holds plan.compact_tasks tasks' (more only
  // if the thread count grew since Prepare: then the rows are read in place).
  task.compact = plan.compact_blocks > 0 &&
                         task.row_splits * task.channel_splits <= plan.compact_tasks &&
                         CompactCopiesPay(split, task.rows, filter.dim(1))
                     ? static_cast<float*>(context.scratch(plan.compact_scratch))
                     : nullptr;
  // Split by channels too, with stride 1 the input has as few rows as the
  // output: the pointwise CONV_2D that wrote it split its columns (channels)
  // across the threads (PointwiseRowTasks), so the tasks go channels first
  // and each thread's share reads the channels its core just wrote. With
  // stride 2 the input rows were split, so rows first.
  task.channels_first = task.channel_splits > 1 && data.window.stride_h == 1;
  const int64_t input_bytes = input.element_count() * static_cast<int64_t>(sizeof(float));
  // One thread, an input larger than L2: bottom to top. The pointwise
  // CONV_2D before wrote its output top to bottom, so the rows it wrote
  // last, the ones still in L2, come first (walking the same way, each row
  // was evicted just before it was read), and the rows written last here are
  // the first that the pointwise CONV_2D after reads. 112x112x96 -> 56x56x96
  // took 251 us against 285 us, MobileNetV1's 112x112x64 -> 56x56x64 184 us
  // against 208 us (per-node medians in the model; the 112x112x32 stride-1
  // layer itself was 5-15 us slower, the layer after it mostly faster).
  // With two threads each one's share mostly fits its own L2, and walking
  // each share the other way measured slower (56x56x144: 112 us against
  // 90 us).
  task.bottom_up = plan.rows != nullptr && threads == 1 && input_bytes > kL2ResidentInputBytes;
  ParallelForWork(context, work, task.row_splits * task.channel_splits, RunTask, &task);
  return Status::Ok();
}

}  // namespace brasa
