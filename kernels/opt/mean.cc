// Optimized MEAN over one contiguous run of axes that leaves the innermost
// axis (MobileNets' global average pool: [1, H, W, C] over axes {1, 2}),
// seen as [outer, rows, inner]: every output (o, c) sums the `rows` inputs
// x[o][r][c]. The loops walk whole rows of `inner` contiguous channels, which
// the compiler vectorizes across channels, instead of the reference's
// element-by-element odometer.
// - float32: each channel's sum adds the rows in increasing order, the order
//   of the reference's row-major walk, then divides by float(N): bit-exact.
// - int8/uint8 (QUANTIZATION.md §2.9): int32 sums that wrap, so any order of
//   additions gives the reference's sum; blocks of up to 128 rows add in
//   int16 (|x| <= 255, 128 x 255 < 2^15), then the reference requantization.
// Other types, other axes, and empty tensors run the reference kernel, whose
// Prepare always runs first.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/mean.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// Channels summed together (a few vector registers of accumulators).
constexpr int32_t kChannelBlock = 64;
// Rows an int16 accumulator takes before it is added into int32.
constexpr int32_t kInt16Rows = 128;
// Tasks per thread when the op splits (a late thread's share is taken over
// in pieces), and the ParallelForWork cost per input element: an add is
// about a sixteenth of a GEMM multiply-add's time.
constexpr int32_t kTasksPerThread = 2;
constexpr int64_t kWorkPerElement = 4;

struct OptMeanData : MeanData {
  bool active = false;  // false: the reference Eval runs
  int64_t outer = 0, rows = 0, inner = 0;
};

// [outer, rows, inner] when the reduced axes (with size-1 axes between them)
// are one contiguous run before the last axis.
Status PrepareMine(KernelContext& context, OptMeanData* data) {
  const DataType type = context.input(0)->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8) {
    return Status::Ok();
  }
  const ReduceGeometry& g = data->geometry;
  if (data->is_sum || g.input_count == 0 || g.output_count == 0 || g.rank < 2) {
    return Status::Ok();
  }
  int first = -1, last = -1;
  for (int d = 0; d < g.rank; ++d) {
    if (g.reduced[d] && g.input_dims[d] != 1) {
      if (first < 0) first = d;
      last = d;
    }
  }
  if (first < 0 || last == g.rank - 1) return Status::Ok();
  for (int d = first; d <= last; ++d) {
    if (!g.reduced[d] && g.input_dims[d] != 1) return Status::Ok();
  }
  data->outer = data->rows = data->inner = 1;
  for (int d = 0; d < first; ++d) data->outer *= g.input_dims[d];
  for (int d = first; d <= last; ++d) data->rows *= g.input_dims[d];
  for (int d = last + 1; d < g.rank; ++d) data->inner *= g.input_dims[d];
  const int64_t blocks = (data->inner + kChannelBlock - 1) / kChannelBlock;
  data->active = data->rows == g.reduced_count && data->outer * blocks <= INT32_MAX;
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptMeanData>(context, PrepareMeanReference, PrepareMine);
}

struct MeanTask {
  const OptMeanData* data;
  const void* input;
  void* output;
  int32_t zp_in = 0, zp_out = 0;
  int64_t channel_tasks = 1;  // tasks per outer index
};

// Channels [begin, end) of outer index o, one block at a time.
template <typename Block>
void ForEachBlock(const MeanTask& t, int index, Block block) {
  const int64_t o = index / t.channel_tasks, part = index % t.channel_tasks;
  const int64_t blocks = (t.data->inner + kChannelBlock - 1) / kChannelBlock;
  const int64_t begin = blocks * part / t.channel_tasks * kChannelBlock;
  const int64_t end =
      std::min(t.data->inner, blocks * (part + 1) / t.channel_tasks * kChannelBlock);
  for (int64_t c = begin; c < end; c += kChannelBlock) {
    block(o * t.data->rows * t.data->inner + c, o * t.data->inner + c,
          static_cast<int32_t>(std::min<int64_t>(kChannelBlock, end - c)));
  }
}

void RunFloatTask(void* context, int index) {
  const MeanTask& t = *static_cast<const MeanTask*>(context);
  const int64_t rows = t.data->rows, inner = t.data->inner;
  const float count = static_cast<float>(t.data->geometry.reduced_count);
  ForEachBlock(t, index, [&](int64_t in_offset, int64_t out_offset, int32_t width) {
    const float* in = static_cast<const float*>(t.input) + in_offset;
    float sums[kChannelBlock] = {};
    for (int64_t r = 0; r < rows; ++r, in += inner) {
      for (int32_t j = 0; j < width; ++j) sums[j] += in[j];
    }
    float* out = static_cast<float*>(t.output) + out_offset;
    for (int32_t j = 0; j < width; ++j) out[j] = sums[j] / count;
  });
}

// Adds `rows` rows of `width` channels (`inner` apart) into `sums`, in int16
// blocks of kInt16Rows rows. Width kChannelBlock gets its own instance, a
// fixed-length loop whose accumulators stay in vector registers.
template <typename T, int32_t kWidth>
void SumRows(const T* in, int64_t rows, int64_t inner, int32_t width, uint32_t* sums) {
  const int32_t w = kWidth > 0 ? kWidth : width;
  for (int64_t r = 0; r < rows; r += kInt16Rows) {
    const int64_t block_rows = std::min<int64_t>(kInt16Rows, rows - r);
    int16_t partial[kChannelBlock] = {};
    for (int64_t k = 0; k < block_rows; ++k, in += inner) {
      for (int32_t j = 0; j < w; ++j) partial[j] = static_cast<int16_t>(partial[j] + in[j]);
    }
    for (int32_t j = 0; j < w; ++j) sums[j] += static_cast<uint32_t>(int32_t{partial[j]});
  }
}

template <typename T>
void RunQuantizedTask(void* context, int index) {
  const MeanTask& t = *static_cast<const MeanTask*>(context);
  const int64_t rows = t.data->rows, inner = t.data->inner;
  const int64_t zero_point_total = int64_t{t.zp_in} * t.data->geometry.reduced_count;
  const QuantizedMultiplier multiplier = t.data->multiplier;
  ForEachBlock(t, index, [&](int64_t in_offset, int64_t out_offset, int32_t width) {
    const T* in = static_cast<const T*>(t.input) + in_offset;
    uint32_t sums[kChannelBlock] = {};  // wraps like the reference's int32 sums
    if (width == kChannelBlock) {
      SumRows<T, kChannelBlock>(in, rows, inner, width, sums);
    } else {
      SumRows<T, 0>(in, rows, inner, width, sums);
    }
    T* out = static_cast<T*>(t.output) + out_offset;
    for (int32_t j = 0; j < width; ++j) {
      const int32_t sum = static_cast<int32_t>(sums[j]);
      const int32_t centered = static_cast<int32_t>(int64_t{sum} - zero_point_total);
      const int32_t value = MultiplyByQuantizedMultiplier(centered, multiplier);
      out[j] = ClampTo<T>(WrapAdd(value, t.zp_out));
    }
  });
}

Status Eval(KernelContext& context) {
  const OptMeanData& data = *context.op_data<OptMeanData>();
  if (!data.active) return EvalMeanReference(context, data);
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  MeanTask task;
  task.data = &data;
  task.input = input.data;
  task.output = output.data;
  const int64_t work = data.geometry.input_count * kWorkPerElement;
  const int64_t blocks = (data.inner + kChannelBlock - 1) / kChannelBlock;
  const int64_t wanted = (ThreadsForWork(context, work) * kTasksPerThread + data.outer - 1) /
                         data.outer;
  task.channel_tasks = std::max<int64_t>(1, std::min(blocks, wanted));
  const int tasks = static_cast<int>(data.outer * task.channel_tasks);  // Prepare bounds it
  void (*run)(void*, int) = RunFloatTask;
  if (input.type != DataType::kFloat32) {
    task.zp_in = input.quantization.zero_point();
    task.zp_out = output.quantization.zero_point();
    run = input.type == DataType::kInt8 ? RunQuantizedTask<int8_t> : RunQuantizedTask<uint8_t>;
  }
  ParallelForWork(context, work, tasks, run, &task);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_MEAN_OPT() {
  static const OpKernel kernel = {"MEAN", Prepare, Eval, internal::ParseReducerOptions};
  return &kernel;
}

}  // namespace brasa
