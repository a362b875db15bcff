// qs8_gemm: the 8-bit quantized GEMM family behind CONV_2D (1x1 directly,
// larger windows through im2col) and FULLY_CONNECTED.
//
// C[m][n] = requantize(bias'[n] + row_offset[m] + sum_k A[m][k] * B[n][k])
// with A unsigned bytes and B signed bytes, the operand types of x86's
// vpdpbusd. int8 activations become unsigned by flipping their top bit
// (x ^ 0x80 = x + 128, done by the micro-kernel, `a_flip`), uint8 filters
// become signed by subtracting 128 at packing; the constant parts of both
// shifts and of the zero points fold into bias' at packing time, and the one
// part that depends on the activations, filter_zero_point * sum_k A[m][k],
// comes in as row_offset (QS8GemmRowOffsets). All sums wrap in int32 like
// TensorFlow Lite's int32 accumulator, so the result is the reference's.
//
// Requantization is the reference's per channel MultiplyByQuantizedMultiplier
// (QUANTIZATION.md §1.4), + zp_out, clamp; or, with int32_output, the raw sum
// (FULLY_CONNECTED requantizes in double itself).
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/ukernel_table.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

// Depth is packed in groups of 4 (the "c4" of the variant names).
constexpr int32_t kQs8GemmDepthGroup = 4;

// The 4 activation bytes of depth group `k` (k a multiple of 4) as one word,
// zero past the depth. Built in registers: a byte-wise copy into memory
// followed by a 4-byte load stalls store forwarding. `static`: each ISA's
// translation unit keeps its own copy, built with its own flags.
static inline uint32_t Qs8GemmActivationWord(const uint8_t* row, int32_t k, int32_t depth) {
  const int32_t available = depth - k;
  if (available >= 4) {
    uint32_t word;
    std::memcpy(&word, row + k, 4);
    return word;
  }
  uint32_t word = row[k];
  if (available > 1) word |= uint32_t{row[k + 1]} << 8;
  if (available > 2) word |= uint32_t{row[k + 2]} << 16;
  return word;
}

struct Qs8GemmParams {
  uint32_t a_flip = 0;  // XORed into every 4 activation bytes: 0x80808080 for int8
  int32_t output_zero_point = 0;
  int32_t output_min = 0;  // clamp bounds, in the output type's range
  int32_t output_max = 0;
  bool int32_output = false;  // store bias' + row_offset + sum as int32
};

// Packed weights, for each block of nr output channels (the last block
// padded with zero channels): the packed_channel.h header (int32 bias'[nr],
// multiplier[nr], left_shift[nr], right_shift[nr], then the requantization
// terms derived from them); then, for each group of 4 depth
// positions, nr channels x 4 signed bytes (zero past the depth).
//
// One micro-kernel call computes rows [0, rows) (rows <= mr, or any count
// for a variant with many_rows when row_offsets is null: it walks the row
// tiles itself) and columns [0, columns) (any count: it walks the blocks).
// a: rows of `depth` bytes, a_stride bytes apart; c: a_stride-like c_stride in elements (bytes, or
// int32 with int32_output); row_offsets: per row, or null for none.
using Qs8GemmFn = void (*)(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                           size_t a_stride, const void* packed, void* c, size_t c_stride,
                           const int32_t* row_offsets, const Qs8GemmParams& params);

struct Qs8GemmVariant {
  const char* name;
  Isa isa;
  int32_t mr;  // rows per call at most
  int32_t nr;  // channels per packed block
  Qs8GemmFn fn;
  bool many_rows = false;  // fn takes rows > mr (row_offsets null)
};

const UkernelTable<Qs8GemmVariant>& Qs8GemmTable();

// How a weight matrix [columns, depth] and its quantization map onto A, B.
struct Qs8GemmWeights {
  const void* data = nullptr;        // [columns][depth] int8 or uint8
  bool uint8 = false;                // uint8 filter and activations (legacy)
  int32_t columns = 0, depth = 0;
  int32_t input_offset = 0;          // -zp_in
  int32_t filter_offset = 0;         // -zp_w where it applies, else 0
  const int32_t* bias = nullptr;     // int32 per column, or null
  const QuantizedMultiplier* multipliers = nullptr;  // per column, or null (int32_output)
};

// Bytes PackQs8Gemm writes for `nr`.
size_t Qs8GemmPackedBytes(int32_t nr, int32_t columns, int32_t depth);
// Packs for a variant with block width `nr`; `packed` must be 16-byte aligned.
void PackQs8Gemm(const Qs8GemmWeights& weights, int32_t nr, void* packed);
// The XOR mask for the activations and the per-row term's factor: the
// filter's offset in its packed (signed) form. Zero means no row offsets.
uint32_t Qs8GemmActivationFlip(bool uint8);
int32_t Qs8GemmRowOffsetFactor(const Qs8GemmWeights& weights);
// row_offsets[m] = factor * sum_k (A[m][k] ^ flip) for `rows` rows.
void Qs8GemmRowOffsets(int32_t rows, int32_t depth, const uint8_t* a, size_t a_stride,
                       uint32_t a_flip, int32_t factor, int32_t* row_offsets);

// The variants (each in its own file, built with its ISA's flags).
void qs8_gemm_2x4c4__scalar(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                            size_t a_stride, const void* packed, void* c, size_t c_stride,
                            const int32_t* row_offsets, const Qs8GemmParams& params);
void qs8_gemm_6x8c4__avx2(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                          size_t a_stride, const void* packed, void* c, size_t c_stride,
                          const int32_t* row_offsets, const Qs8GemmParams& params);
void qs8_gemm_6x16c4__avxvnni(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                              size_t a_stride, const void* packed, void* c, size_t c_stride,
                              const int32_t* row_offsets, const Qs8GemmParams& params);
void qs8_gemm_8x16c4__avx512(int32_t rows, int32_t columns, int32_t depth, const uint8_t* a,
                             size_t a_stride, const void* packed, void* c, size_t c_stride,
                             const int32_t* row_offsets, const Qs8GemmParams& params);
// Walks three nr = 16 blocks per tile (the packing is nr = 16's).
void qs8_gemm_8x48c4__avx512vnni(int32_t rows, int32_t columns, int32_t depth,
                                 const uint8_t* a, size_t a_stride, const void* packed, void* c,
                                 size_t c_stride, const int32_t* row_offsets,
                                 const Qs8GemmParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_H_
