// x8_avgpool's loops, written once in portable C++ and compiled by each
// variant's file with its own instruction set (hence the unnamed
// namespace: one copy per file). Channels go in blocks of 64: int16
// partial sums of up to 128 taps (|x| <= 255, 128 x 255 < 2^15), added
// into int32, then the reference's rounding (pooling_divide.h: exact in
// float up to kMaxFloatDivideTaps taps, integer division beyond) and the
// clamp in int16 (averages of raw values lie in the type's range).
#ifndef BRASA_KERNELS_OPT_UKERNELS_COMMON_X8_AVGPOOL_LOOPS_H_
#define BRASA_KERNELS_OPT_UKERNELS_COMMON_X8_AVGPOOL_LOOPS_H_

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/opt/pooling_divide.h"
#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"

namespace brasa {
namespace {

constexpr int32_t kAvgpoolChannelBlock = 64;
constexpr int32_t kAvgpoolInt16Taps = 128;

// Sums `width` channels from `first` over the window's taps into `sums`.
// The window and params are copied into locals by the callers: the output
// is bytes, which may alias anything, so fields read through references
// would be reloaded after every store.
template <typename T, typename Width>
void SumAvgpoolWindow(const T* first, int32_t rows, int32_t cols, int64_t row_stride,
                      int64_t tap_stride, Width width, int32_t* sums) {
  int16_t partial[kAvgpoolChannelBlock] = {};
  if (rows * cols <= kAvgpoolInt16Taps) {  // no flush: the sums stay in registers
    for (int32_t y = 0; y < rows; ++y) {
      const T* in = first + y * row_stride;
      for (int32_t x = 0; x < cols; ++x, in += tap_stride) {
        for (int32_t j = 0; j < width; ++j) {
          partial[j] = static_cast<int16_t>(partial[j] + in[j]);
        }
      }
    }
    for (int32_t j = 0; j < width; ++j) sums[j] = partial[j];
    return;
  }
  int32_t taps = 0;
  for (int32_t y = 0; y < rows; ++y) {
    const T* in = first + y * row_stride;
    for (int32_t x = 0; x < cols; ++x, in += tap_stride) {
      for (int32_t j = 0; j < width; ++j) partial[j] = static_cast<int16_t>(partial[j] + in[j]);
      if (++taps == kAvgpoolInt16Taps) {
        for (int32_t j = 0; j < width; ++j) sums[j] += partial[j];
        std::fill(partial, partial + kAvgpoolChannelBlock, int16_t{0});
        taps = 0;
      }
    }
  }
  for (int32_t j = 0; j < width; ++j) sums[j] += partial[j];
}

template <typename T>
void AveragePoolPixel(const X8AvgpoolWindow& w, const X8AvgpoolParams& p, T* out) {
  const T* first = static_cast<const T*>(w.first);
  const int32_t rows = w.rows, cols = w.cols, channels = w.channels, count = p.count;
  const int64_t row_stride = w.row_stride, tap_stride = w.tap_stride;
  const WindowDivisor divisor = p.divisor;
  const int16_t low = p.low, high = p.high;
  auto block = [&](int32_t offset, auto width) {
    int32_t sums[kAvgpoolChannelBlock] = {};
    SumAvgpoolWindow<T>(first + offset, rows, cols, row_stride, tap_stride, width, sums);
    int16_t values[kAvgpoolChannelBlock];
    if (count <= kMaxFloatDivideTaps) {
      for (int32_t j = 0; j < width; ++j) {
        values[j] = static_cast<int16_t>(DivideWindowSum(sums[j], divisor));
      }
    } else {  // the reference's integer division (QUANTIZATION.md §2.6)
      const int32_t half = count / 2;
      for (int32_t j = 0; j < width; ++j) {
        const int32_t s = sums[j];
        values[j] = static_cast<int16_t>(s > 0 ? (s + half) / count : (s - half) / count);
      }
    }
    T* o = out + offset;
    for (int32_t j = 0; j < width; ++j) {
      o[j] = static_cast<T>(std::min(std::max(values[j], low), high));
    }
  };
  // Full blocks get a compile-time width (a fixed-length loop whose sums
  // stay in vector registers), the last partial one the runtime width.
  int32_t c = 0;
  for (; c + kAvgpoolChannelBlock <= channels; c += kAvgpoolChannelBlock) {
    block(c, std::integral_constant<int32_t, kAvgpoolChannelBlock>());
  }
  if (c < channels) block(c, channels - c);
}

}  // namespace
}  // namespace brasa

// A variant file's two entry points over these loops: x8_avgpool_s8_64c__ISA
// (int8) and x8_avgpool_u8_64c__ISA (uint8), inside namespace brasa.
#define BRASA_DEFINE_X8_AVGPOOL_VARIANT(ISA)                                             \
  void x8_avgpool_s8_64c__##ISA(const X8AvgpoolWindow& window,                           \
                                const X8AvgpoolParams& params, void* out) {              \
    AveragePoolPixel<int8_t>(window, params, static_cast<int8_t*>(out));                 \
  }                                                                                      \
  void x8_avgpool_u8_64c__##ISA(const X8AvgpoolWindow& window,                           \
                                const X8AvgpoolParams& params, void* out) {              \
    AveragePoolPixel<uint8_t>(window, params, static_cast<uint8_t*>(out));               \
  }

#endif  // BRASA_KERNELS_OPT_UKERNELS_COMMON_X8_AVGPOOL_LOOPS_H_
