// Optimized TRANSPOSE for permutations that, once size-1 axes are dropped and
// axes that stay neighbours are merged, swap the two inner axes of
// [outer, A, B] into [outer, B, A]: NCHW -> NHWC (A = C, B = H x W; the
// first op of mobilenet_v2_quantized_1x3x224x224), NHWC -> NCHW, and 2-D
// transposes. Each
// output row (A elements) gathers one element from each of the A input rows;
// a few output rows per task, split across threads in memory order so each
// core writes the part of the output that the next op's tasks read on that
// core. Bytes with A = 3 (RGB images) run an x8_zip3 SIMD micro-kernel where
// the CPU has one; other small A (up to 4) is unrolled at compile time; larger
// A goes in square tiles so both sides stay in L1. A raw move, so any order
// gives the reference's bytes. Other permutations run the reference kernel,
// whose Prepare always runs first.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/parallel_work.h"
#include "kernels/opt/ukernels/x8_zip3/x8_zip3.h"
#include "kernels/ref/transpose.h"

namespace brasa {
namespace {

// ParallelForWork cost per element moved (about a sixteenth of a nanosecond
// on one core, as a GEMM multiply-add), tasks per thread, the fewest
// elements worth a task, and the tile edge of the general case.
constexpr int64_t kWorkPerElement = 2;
constexpr int64_t kTasksPerThread = 4;
constexpr int64_t kMinTaskElements = 4096;
constexpr int64_t kTile = 16;

struct OptTransposeData : TransposeData {
  bool active = false;  // false: the reference Eval runs
  int32_t element_size = 0;
  int64_t outer = 0, a = 0, b = 0;  // input [outer, a, b] -> output [outer, b, a]
  const X8Zip3Variant* zip3 = nullptr;  // bytes with a = 3, where a SIMD variant exists
};

Status PrepareMine(KernelContext& context, OptTransposeData* data) {
  const size_t element_size = DataTypeSize(context.input(0)->type);
  // Output axes without size-1 ones, neighbours merged where the input
  // keeps them neighbours too (stride of the outer = inner stride x size).
  int64_t dims[kMaxTransposeRank], strides[kMaxTransposeRank];
  int rank = 0;
  for (int i = 0; i < data->rank; ++i) {
    if (data->output_dims[i] == 1) continue;
    if (rank > 0 && strides[rank - 1] == data->input_strides[i] * data->output_dims[i]) {
      dims[rank - 1] *= data->output_dims[i];
      strides[rank - 1] = data->input_strides[i];
      continue;
    }
    dims[rank] = data->output_dims[i];
    strides[rank] = data->input_strides[i];
    ++rank;
  }
  // [B, A] reading input [A, B]; or [outer, B, A] reading [outer, A, B].
  const bool two = rank == 2 && strides[0] == 1 && strides[1] == dims[0];
  const bool three = rank == 3 && strides[0] == dims[1] * dims[2] && strides[1] == 1 &&
                     strides[2] == dims[1];
  if (!two && !three) return Status::Ok();
  data->outer = three ? dims[0] : 1;
  data->b = dims[rank - 2];
  data->a = dims[rank - 1];
  data->element_size = static_cast<int32_t>(element_size);
  if (element_size == 1 && data->a == 3) {
    data->zip3 = SelectSimdUkernel(X8Zip3Table(), context.isa());
  }
  data->active = true;
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  return PrepareOptimized<OptTransposeData>(context, PrepareTransposeReference, PrepareMine);
}

// Output rows [first, end) of one [a, b] -> [b, a] matrix, A known at compile time.
template <typename T, int A>
void SmallRows(const T* in, int64_t b, int64_t first, int64_t end, T* out) {
  for (int64_t j = first; j < end; ++j) {
    for (int i = 0; i < A; ++i) out[j * A + i] = in[i * b + j];
  }
}

template <typename T>
void TiledRows(const T* in, int64_t a, int64_t b, int64_t first, int64_t end, T* out) {
  for (int64_t j0 = first; j0 < end; j0 += kTile) {
    const int64_t j1 = std::min(end, j0 + kTile);
    for (int64_t i0 = 0; i0 < a; i0 += kTile) {
      const int64_t i1 = std::min(a, i0 + kTile);
      for (int64_t j = j0; j < j1; ++j) {
        for (int64_t i = i0; i < i1; ++i) out[j * a + i] = in[i * b + j];
      }
    }
  }
}

template <typename T>
void TransposeRows(const T* in, int64_t a, int64_t b, int64_t first, int64_t end, T* out) {
  switch (a) {
    case 2: SmallRows<T, 2>(in, b, first, end, out); break;
    case 3: SmallRows<T, 3>(in, b, first, end, out); break;
    case 4: SmallRows<T, 4>(in, b, first, end, out); break;
    default: TiledRows(in, a, b, first, end, out); break;
  }
}

struct TransposeTask {
  const OptTransposeData* data;
  const void* input;
  void* output;
  int64_t parts;  // tasks per matrix
};

template <typename T>
void RunTyped(const TransposeTask& t, int index) {
  const OptTransposeData& d = *t.data;
  const int64_t matrix = index / t.parts, part = index % t.parts;
  const int64_t first = d.b * part / t.parts, end = d.b * (part + 1) / t.parts;
  const int64_t offset = matrix * d.a * d.b;
  if (sizeof(T) == 1 && d.zip3 != nullptr) {
    const auto* in = static_cast<const uint8_t*>(t.input) + offset;
    d.zip3->fn(static_cast<size_t>(end - first), in + first, static_cast<size_t>(d.b),
               static_cast<uint8_t*>(t.output) + offset + 3 * first);
    return;
  }
  TransposeRows(static_cast<const T*>(t.input) + offset, d.a, d.b, first, end,
                static_cast<T*>(t.output) + offset);
}

void RunTask(void* context, int index) {
  const TransposeTask& t = *static_cast<const TransposeTask*>(context);
  switch (t.data->element_size) {
    case 1: RunTyped<uint8_t>(t, index); break;
    case 2: RunTyped<uint16_t>(t, index); break;
    case 4: RunTyped<uint32_t>(t, index); break;
    default: RunTyped<uint64_t>(t, index); break;
  }
}

Status Eval(KernelContext& context) {
  const OptTransposeData& data = *context.op_data<OptTransposeData>();
  if (!data.active) return EvalTransposeReference(context, data);
  const int64_t elements = data.outer * data.a * data.b;
  if (elements == 0) return Status::Ok();
  const int64_t work = elements * kWorkPerElement;
  // Parts of each matrix: a few tasks per thread over all matrices, each of
  // at least kMinTaskElements, at most one per output row.
  const int64_t wanted = ThreadsForWork(context, work) * kTasksPerThread;
  const int64_t by_size = std::max<int64_t>(1, data.a * data.b / kMinTaskElements);
  const int64_t parts =
      std::min({data.b, by_size, std::max<int64_t>(1, (wanted + data.outer - 1) / data.outer)});
  if (data.outer * parts > INT32_MAX) return EvalTransposeReference(context, data);
  TransposeTask task{&data, context.input(0)->data, context.output(0)->data, parts};
  ParallelForWork(context, work, static_cast<int>(data.outer * parts), RunTask, &task);
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_TRANSPOSE_OPT() {
  static const OpKernel kernel = {"TRANSPOSE", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
