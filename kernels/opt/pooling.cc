// Optimized AVERAGE_POOL_2D and MAX_POOL_2D over NHWC float32, int8 and
// uint8 (int16 runs the reference). Per output pixel the window is clipped
// to the image once; its taps are then whole runs of contiguous channels,
// which the loops walk a block of channels at a time (the compiler
// vectorizes across channels at the library's baseline: SSE2 on x86-64,
// NEON on AArch64), instead of the reference's per-channel walk
// of strided taps with a division each.
// - int8/uint8 average: the x8_avgpool family (int16 partial sums, the
//   reference's rounding through pooling_divide.h's exact float division),
//   its widest variant the CPU and BRASA_ISA allow.
// - float32 average: each channel adds its taps in the reference's order
//   (rows, then columns) and divides by float(count): bit-exact.
// - max: the same std::max in the same order, then the activation clamp.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/pooling_divide.h"
#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/pooling.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// Channels pooled together (a few vector registers of results).
constexpr int32_t kChannelBlock = 64;
// Tasks per thread when the op splits, and the ParallelForWork cost per tap
// of one channel (an add, counted as MEAN counts its input elements).
constexpr int32_t kTasksPerThread = 2;
constexpr int64_t kWorkPerTap = 4;

// One clipped window: `rows` x `cols` taps from `first`, `row_stride`
// elements from one window row to the next, `channels` from one tap to the
// next within a row.
template <typename T>
struct Window {
  const T* first;
  int32_t rows, cols;
  int64_t row_stride, channels;
};

struct PoolTask {
  const PoolData* data;
  const PoolParams* params;
  const void* input;
  void* output;
  int32_t in_h, in_w, channels, out_h, out_w;
  int64_t rows;  // batches x out_h
  int tasks;
  X8AvgpoolFn average;  // int8/uint8 AVERAGE_POOL_2D: the x8_avgpool variant
};

// Calls pixel(window, out) for every output pixel of task `index`'s rows.
template <typename T, typename Pixel>
void ForEachPixel(const PoolTask& t, int index, Pixel pixel) {
  const PoolParams& p = *t.params;
  const int64_t begin = t.rows * index / t.tasks, end = t.rows * (index + 1) / t.tasks;
  const int64_t channels = t.channels, row_stride = int64_t{t.in_w} * channels;
  for (int64_t r = begin; r < end; ++r) {
    const int64_t b = r / t.out_h, oy = r % t.out_h;
    const int64_t y0 = oy * p.stride_h - t.data->pad_h;
    const int64_t y_begin = std::max<int64_t>(0, y0);
    const int64_t y_end = std::min<int64_t>(t.in_h, y0 + p.filter_h);
    const T* in_rows = static_cast<const T*>(t.input) + (b * t.in_h + y_begin) * row_stride;
    T* out = static_cast<T*>(t.output) + r * t.out_w * channels;
    for (int64_t ox = 0; ox < t.out_w; ++ox, out += channels) {
      const int64_t x0 = ox * p.stride_w - t.data->pad_w;
      const int64_t x_begin = std::max<int64_t>(0, x0);
      const int64_t x_end = std::min<int64_t>(t.in_w, x0 + p.filter_w);
      // Prepare checked that every window keeps at least one tap.
      const Window<T> window{in_rows + x_begin * channels, static_cast<int32_t>(y_end - y_begin),
                             static_cast<int32_t>(x_end - x_begin), row_stride, channels};
      pixel(window, out);
    }
  }
}

// Calls block(offset, width) for the channel blocks of a pixel; full blocks
// get a compile-time width (a fixed-length loop whose sums stay in vector
// registers), the last partial one the runtime width.
template <typename Block>
void ForEachChannelBlock(int32_t channels, Block block) {
  int32_t c = 0;
  for (; c + kChannelBlock <= channels; c += kChannelBlock) {
    block(c, std::integral_constant<int32_t, kChannelBlock>());
  }
  if (c < channels) block(c, channels - c);
}

template <typename T>
void RunQuantizedAverage(void* context, int index) {
  const PoolTask& t = *static_cast<const PoolTask*>(context);
  X8AvgpoolParams params;
  // The activation range lies within T's (QuantizedActivationRange).
  params.low = static_cast<int16_t>(t.data->range.min);
  params.high = static_cast<int16_t>(t.data->range.max);
  ForEachPixel<T>(t, index, [&](const Window<T>& w, T* out) {
    params.count = w.rows * w.cols;
    params.divisor = MakeWindowDivisor(params.count);
    const X8AvgpoolWindow window{w.first, w.rows, w.cols, w.row_stride, w.channels, t.channels};
    t.average(window, params, out);
  });
}

void RunFloatAverage(void* context, int index) {
  const PoolTask& t = *static_cast<const PoolTask*>(context);
  const FloatRange range = t.data->float_range;
  ForEachPixel<float>(t, index, [&](const Window<float>& w, float* out) {
    const float count = static_cast<float>(w.rows * w.cols);
    ForEachChannelBlock(t.channels, [&](int32_t offset, auto width) {
      float sums[kChannelBlock] = {};
      for (int32_t y = 0; y < w.rows; ++y) {
        const float* in = w.first + y * w.row_stride + offset;
        for (int32_t x = 0; x < w.cols; ++x, in += w.channels) {
          for (int32_t j = 0; j < width; ++j) sums[j] += in[j];
        }
      }
      for (int32_t j = 0; j < width; ++j) out[offset + j] = ApplyFloatRange(sums[j] / count, range);
    });
  });
}

// The clamp of a max: the quantized activation range, or the float one.
template <typename T>
T ClampMax(T value, const PoolData& data) {
  if constexpr (std::is_same<T, float>::value) {
    return ApplyFloatRange(value, data.float_range);
  } else {
    return static_cast<T>(std::min(std::max<int32_t>(value, data.range.min), data.range.max));
  }
}

template <typename T>
void RunMax(void* context, int index) {
  const PoolTask& t = *static_cast<const PoolTask*>(context);
  const PoolData& data = *t.data;
  ForEachPixel<T>(t, index, [&](const Window<T>& w, T* out) {
    ForEachChannelBlock(t.channels, [&](int32_t offset, auto width) {
      T best[kChannelBlock];
      for (int32_t j = 0; j < width; ++j) best[j] = std::numeric_limits<T>::lowest();
      for (int32_t y = 0; y < w.rows; ++y) {
        const T* in = w.first + y * w.row_stride + offset;
        for (int32_t x = 0; x < w.cols; ++x, in += w.channels) {
          for (int32_t j = 0; j < width; ++j) best[j] = std::max(best[j], in[j]);
        }
      }
      for (int32_t j = 0; j < width; ++j) out[offset + j] = ClampMax(best[j], data);
    });
  });
}

template <bool kMax>
Status Eval(KernelContext& context) {
  const Tensor& input = *context.input(0);
  const DataType type = input.type;
  if (context.use_reference_kernels() ||
      (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8)) {
    return kMax ? EvalMaxPoolReference(context) : EvalAveragePoolReference(context);
  }
  const PoolData& data = *context.op_data<PoolData>();
  Tensor& output = *context.output(0);
  const PoolParams& params = context.params<PoolParams>();
  PoolTask task;
  task.data = &data;
  task.params = &params;
  task.input = input.data;
  task.output = output.data;
  task.in_h = input.dim(1);
  task.in_w = input.dim(2);
  task.channels = input.dim(3);
  task.out_h = output.dim(1);
  task.out_w = output.dim(2);
  task.rows = int64_t{input.dim(0)} * task.out_h;
  if (task.rows == 0 || task.out_w == 0 || task.channels == 0) return Status::Ok();
  const int64_t taps = int64_t{std::min(params.filter_h, task.in_h)} *
                       std::min(params.filter_w, task.in_w);
  const int64_t work = task.rows * task.out_w * task.channels * taps * kWorkPerTap;
  task.tasks = static_cast<int>(
      std::min<int64_t>(task.rows, int64_t{ThreadsForWork(context, work)} * kTasksPerThread));
  void (*run)(void*, int) = nullptr;
  switch (type) {
    case DataType::kFloat32: run = kMax ? RunMax<float> : RunFloatAverage; break;
    case DataType::kInt8: run = kMax ? RunMax<int8_t> : RunQuantizedAverage<int8_t>; break;
    default: run = kMax ? RunMax<uint8_t> : RunQuantizedAverage<uint8_t>; break;  // uint8
  }
  // The scalar variant too beats the reference (the same loops at the
  // baseline instruction set), so it runs where nothing wider is allowed.
  const X8AvgpoolVariant& variant = SelectUkernel(X8AvgpoolTable(), context.isa());
  task.average = type == DataType::kInt8 ? variant.s8 : variant.u8;
  ParallelForWork(context, work, task.tasks, run, &task);
  return Status::Ok();
}

}  // namespace

// The reference Prepare is the whole Prepare: its PoolData (padding,
// activation range) is all this kernel reads.
const OpKernel* Register_AVERAGE_POOL_2D_OPT() {
  static const OpKernel kernel = {"AVERAGE_POOL_2D", PreparePoolReference, Eval<false>,
                                  internal::ParsePool2DOptions};
  return &kernel;
}

const OpKernel* Register_MAX_POOL_2D_OPT() {
  static const OpKernel kernel = {"MAX_POOL_2D", PreparePoolReference, Eval<true>,
                                  internal::ParsePool2DOptions};
  return &kernel;
}

}  // namespace brasa
