// Packing pruned int8 weights into qs8_spmv's 1x4 block rows.
#include <cstring>

#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"

namespace brasa {
namespace {

size_t RoundUp16(size_t bytes) { return (bytes + 15) & ~size_t{15}; }

bool BlockIsZero(const int8_t* block) {
  return block[0] == 0 && block[1] == 0 && block[2] == 0 && block[3] == 0;
}

}  // namespace

void CountQs8Blocks(const int8_t* weights, int32_t rows, int32_t depth, int64_t* nonzeros,
                    int64_t* blocks) {
  *nonzeros = 0;
  *blocks = 0;
  const size_t total = static_cast<size_t>(rows) * static_cast<size_t>(depth);
  for (size_t k = 0; k < total; k += 4) {
    const int8_t* block = weights + k;
    for (int i = 0; i < 4; ++i) *nonzeros += block[i] != 0 ? 1 : 0;
    *blocks += BlockIsZero(block) ? 0 : 1;
  }
}

size_t Qs8BlockRowsBytes(int32_t rows, int64_t blocks) {
  const size_t r = static_cast<size_t>(rows), b = static_cast<size_t>(blocks);
  return RoundUp16(r * sizeof(int32_t)) + RoundUp16((r + 1) * sizeof(uint32_t)) +
         RoundUp16(b * sizeof(int32_t)) + RoundUp16(b * 4) + 2 * RoundUp16(r * sizeof(int32_t));
}

void PackQs8BlockRows(const int8_t* weights, const int32_t* bias, int32_t input_offset,
                      int32_t rows, int32_t depth, void* memory, Qs8BlockRows* out) {
  const size_t r = static_cast<size_t>(rows);
  int64_t nonzeros = 0, blocks = 0;
  CountQs8Blocks(weights, rows, depth, &nonzeros, &blocks);
  const size_t b = static_cast<size_t>(blocks);
  uint8_t* at = static_cast<uint8_t*>(memory);
  auto take = [&at](size_t bytes) {
    uint8_t* p = at;
    at += RoundUp16(bytes);
    return p;
  };
  int32_t* counts = reinterpret_cast<int32_t*>(take(r * sizeof(int32_t)));
  uint32_t* starts = reinterpret_cast<uint32_t*>(take((r + 1) * sizeof(uint32_t)));
  int32_t* offsets = reinterpret_cast<int32_t*>(take(b * sizeof(int32_t)));
  int8_t* values = reinterpret_cast<int8_t*>(take(b * 4));
  int32_t* biases = reinterpret_cast<int32_t*>(take(r * sizeof(int32_t)));
  int32_t* sums = reinterpret_cast<int32_t*>(take(r * sizeof(int32_t)));
  uint32_t next = 0;
  for (size_t n = 0; n < r; ++n) {
    const int8_t* row = weights + n * static_cast<size_t>(depth);
    starts[n] = next;
    uint32_t sum = 0;  // modulo 2^32, as the sums are
    for (int32_t k = 0; k < depth; k += 4) {
      for (int i = 0; i < 4; ++i) sum += static_cast<uint32_t>(int32_t{row[k + i]});
      if (BlockIsZero(row + k)) continue;
      offsets[next] = k;
      std::memcpy(values + static_cast<size_t>(next) * 4, row + k, 4);
      ++next;
    }
    counts[n] = static_cast<int32_t>(next - starts[n]);
    sums[n] = static_cast<int32_t>(sum);
    const uint32_t b0 = bias != nullptr ? static_cast<uint32_t>(bias[n]) : 0u;
    biases[n] = static_cast<int32_t>(b0 + static_cast<uint32_t>(input_offset) * sum);
  }
  starts[r] = next;
  *out = Qs8BlockRows{rows, depth, counts, starts, offsets, values, biases, sums};
}

Qs8BlockRows Qs8BlockRowsPart(const Qs8BlockRows& w, int32_t first, int32_t end) {
  Qs8BlockRows part = w;
  part.rows = end - first;
  part.counts = w.counts + first;
  part.starts = w.starts + first;
  part.bias = w.bias + first;
  part.weight_sums = w.weight_sums + first;
  return part;
}

}  // namespace brasa
