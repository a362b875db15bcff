// Optimized ADD: int8 and uint8 run a q8_vadd micro-kernel (the reference
// arithmetic, QUANTIZATION.md §2.4, lane by lane) when both inputs have the
// output's shape, when one is a scalar, or when one input's shape is the
// output's trailing dimensions (a per-channel operand), row by row; on CPUs
// with AVX-512 VBMI, q8_vadd_lut instead where its byte tables reproduce
// the reference for every pair of input bytes (checked at Prepare):
// MobileNetV2 int8's adds 5-7x faster alone. float32
// with both inputs of the output's shape (MobileNetV2's residual adds) runs
// the reference's arithmetic in an f32_vadd micro-kernel (or, at the scalar
// level, a loop the compiler vectorizes for the baseline), split across
// the threads like the int8 one: single-threaded, the add read half its
// inputs from the other core's cache. Other broadcasts, other types and the
// int16 power-of-two path run the reference kernel, whose Prepare always
// runs first.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"
#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"
#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"
#include "kernels/ref/common/add_sub.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// A rough cost per element in multiply-adds for ParallelForWork's threshold:
// three exact rescalings take about a nanosecond per element, as long as a
// GEMM takes for 50 to 100 multiply-adds, so adds of more than about 8K
// elements split.
constexpr int64_t kWorkPerElement = 64;
// float32: an add and a clamp per element, cheaper than the int8 rescaling,
// but on two threads the single-threaded add reads half its inputs from the
// other core's cache: adds of more than about 5.5K elements split
// (MobileNetV2's 14x14x64 ones: 2.2 us against 4.7 us; 7x7x160: 2.5 against
// 2.9, per-node medians in the model).
constexpr int64_t kWorkPerFloatElement = 24;
// Tasks per thread: a few, so that a late thread's share is taken over in
// small pieces; and the fewest elements per task worth a call.
constexpr int64_t kTasksPerThread = 4;
constexpr int64_t kMinTaskElements = 1024;

enum class AddLayout : int8_t {
  kFlat,           // same shapes, or `full` + a scalar `other`
  kTrailingRows,   // `other` repeats along the output's leading dimensions
};

struct OptAddData : AddSubOpData {
  const Q8VaddVariant* variant = nullptr;  // null: the reference Eval runs
  Q8VaddParams params;  // `full` + `other` (inputs swapped where needed)
  const Q8VaddLutVariant* lut_variant = nullptr;  // runs instead of `variant` where set
  Q8VaddLutParams lut;  // `params` as tables
  AddLayout layout = AddLayout::kFlat;
  bool swapped = false;       // input 1 is the full-size operand
  bool other_scalar = false;  // kFlat with a one-element `other`
  bool float_flat = false;    // float32, both inputs of the output's shape
  const F32VaddVariant* f32 = nullptr;  // float_flat: null runs the loop below
  int64_t row = 0;            // kTrailingRows: `other`'s elements
};

// Whether `small`'s shape, without its leading 1s, is `out`'s trailing
// dimensions.
bool IsTrailingShape(const Shape& small, const Shape& out) {
  size_t first = 0;
  while (first < small.size() && small[first] == 1) ++first;
  const size_t kept = small.size() - first;
  if (kept > out.size()) return false;
  return std::equal(small.begin() + static_cast<std::ptrdiff_t>(first), small.end(),
                    out.end() - static_cast<std::ptrdiff_t>(kept));
}

Status PrepareVadd(KernelContext& context, OptAddData* data) {
  const DataType type = context.output(0)->type;
  if (type == DataType::kFloat32) {
    data->float_flat = !data->shape.broadcast;
    data->f32 = SelectSimdUkernel(F32VaddTable(), context.isa());
    return Status::Ok();
  }
  if (type != DataType::kInt8 && type != DataType::kUInt8) return Status::Ok();
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  const Shape& out = context.output(0)->shape;
  if (data->shape.broadcast) {
    const bool a_full = a.shape == out;
    const bool b_full = b.shape == out;
    if (!a_full && !b_full) return Status::Ok();
    data->swapped = !a_full;
    const Tensor& other = a_full ? b : a;
    if (other.element_count() == 1) {
      data->other_scalar = true;
    } else if (IsTrailingShape(other.shape, out) && other.element_count() >= 16) {
      data->layout = AddLayout::kTrailingRows;
      data->row = other.element_count();
    } else {
      return Status::Ok();
    }
  }
  const Q8VaddVariant* variant = SelectSimdUkernel(Q8VaddTable(), context.isa());
  if (variant == nullptr) return Status::Ok();
  const AddSubQuantParams& q = data->quant;
  Q8VaddParams& p = data->params;
  p.uint8 = type == DataType::kUInt8;
  p.a_offset = data->swapped ? q.input2_offset : q.input1_offset;
  p.b_offset = data->swapped ? q.input1_offset : q.input2_offset;
  p.a_multiplier = data->swapped ? q.input2 : q.input1;
  p.b_multiplier = data->swapped ? q.input1 : q.input2;
  p.left_shift = q.left_shift;
  p.output_multiplier = q.output;
  p.output_zero_point = q.output_offset;
  p.output_min = q.range.min;
  p.output_max = q.range.max;
  data->variant = variant;
  // The tables where the CPU has byte permutes and they reproduce the
  // reference (nearly always: q8_vadd_lut.h).
  data->lut_variant = SelectQ8VaddLut(context.isa());
  if (data->lut_variant != nullptr && !BuildQ8VaddLut(p, &data->lut)) {
    data->lut_variant = nullptr;
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptAddData>(context, PrepareAddSubData, PrepareVadd);
}

struct AddTask {
  const OptAddData* data;
  const uint8_t* full;
  const uint8_t* other;
  uint8_t* out;
  int64_t size;
  int64_t chunk;          // kFlat: elements per task
  int64_t rows_per_task;  // kTrailingRows

  void Add(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
           uint8_t* to) const {
    if (data->lut_variant != nullptr) {
      data->lut_variant->fn(count, a, b, b_broadcast, to, data->lut);
    } else {
      data->variant->fn(count, a, b, b_broadcast, to, data->params);
    }
  }
};

void RunFlatTask(void* context, int index) {
  const AddTask& t = *static_cast<const AddTask*>(context);
  const int64_t first = index * t.chunk;
  const size_t count = static_cast<size_t>(std::min(t.chunk, t.size - first));
  const bool scalar = t.data->other_scalar;
  t.Add(count, t.full + first, scalar ? t.other : t.other + first, scalar, t.out + first);
}

void RunRowsTask(void* context, int index) {
  const AddTask& t = *static_cast<const AddTask*>(context);
  const int64_t row = t.data->row;
  const int64_t rows = t.size / row;
  const int64_t end = std::min(rows, (index + 1) * t.rows_per_task);
  for (int64_t r = index * t.rows_per_task; r < end; ++r) {
    t.Add(static_cast<size_t>(row), t.full + r * row, t.other, false, t.out + r * row);
  }
}

struct FloatAddTask {
  const float* a;
  const float* b;
  float* out;
  int64_t size, chunk;
  FloatRange range;
  const F32VaddVariant* variant;
};

// The reference's arithmetic (one add, then the activation's clamp).
void RunFloatTask(void* context, int index) {
  const FloatAddTask& t = *static_cast<const FloatAddTask*>(context);
  const int64_t first = index * t.chunk;
  const int64_t end = std::min(t.size, first + t.chunk);
  const FloatRange range = t.range;
  if (t.variant != nullptr) {
    t.variant->fn(static_cast<size_t>(end - first), t.a + first, t.b + first, t.out + first,
                  range.min, range.max);
    return;
  }
  for (int64_t i = first; i < end; ++i) t.out[i] = ApplyFloatRange(t.a[i] + t.b[i], range);
}

void EvalFloatFlat(KernelContext& context, const OptAddData& data) {
  FloatAddTask task;
  task.a = context.input(0)->data_as<float>();
  task.b = context.input(1)->data_as<float>();
  task.out = context.output(0)->data_as<float>();
  task.size = data.shape.size;
  task.range = data.float_range;
  task.variant = data.f32;
  const int64_t work = task.size * kWorkPerFloatElement;
  // Equal tasks in memory order, whole cache lines (as for int8 below).
  const int64_t tasks_wanted = ThreadsForWork(context, work) * kTasksPerThread;
  const int64_t chunk = std::max(kMinTaskElements, (task.size + tasks_wanted - 1) / tasks_wanted);
  task.chunk = (chunk + 15) / 16 * 16;
  const int tasks = static_cast<int>((task.size + task.chunk - 1) / task.chunk);
  ParallelForWork(context, work, tasks, RunFloatTask, &task);
}

Status Eval(KernelContext& context) {
  const OptAddData& data = *context.op_data<OptAddData>();
  if (data.float_flat) {
    EvalFloatFlat(context, data);
    return Status::Ok();
  }
  if (data.variant == nullptr) return EvalAddSub</*kSubtract=*/false>(context, data);
  const auto* a = static_cast<const uint8_t*>(context.input(0)->data);
  const auto* b = static_cast<const uint8_t*>(context.input(1)->data);
  AddTask task;
  task.data = &data;
  task.full = data.swapped ? b : a;
  task.other = data.swapped ? a : b;
  task.out = static_cast<uint8_t*>(context.output(0)->data);
  task.size = data.shape.size;
  const int64_t work = task.size * kWorkPerElement;
  // Equal tasks in memory order: the thread pool hands each thread a
  // contiguous share, the part of the inputs the producing ops' tasks left in
  // its cache.
  const int64_t tasks_wanted = ThreadsForWork(context, work) * kTasksPerThread;
  const int64_t chunk = std::max(kMinTaskElements, (task.size + tasks_wanted - 1) / tasks_wanted);
  if (data.layout == AddLayout::kFlat) {
    task.chunk = (chunk + 63) / 64 * 64;  // whole cache lines
    const int tasks = static_cast<int>((task.size + task.chunk - 1) / task.chunk);
    ParallelForWork(context, work, tasks, RunFlatTask, &task);
  } else {
    const int64_t rows = task.size / data.row;
    task.rows_per_task = std::max<int64_t>(1, chunk / data.row);
    const int tasks = static_cast<int>((rows + task.rows_per_task - 1) / task.rows_per_task);
    ParallelForWork(context, work, tasks, RunRowsTask, &task);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_ADD_OPT() {
  static const OpKernel kernel = {"ADD", Prepare, Eval, internal::ParseAddOptions};
  return &kernel;
}

}  // namespace brasa
