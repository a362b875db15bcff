// Gathering convolution windows into rows of a matrix ("im2col"), so that a
// GEMM micro-kernel computes a general CONV_2D. Works on bytes: a pixel is
// `pixel_bytes` bytes (channels x element size), and padding taps are filled
// with one byte value (the input zero point for 8-bit types, 0 for float,
// whose all-zero bytes are 0.0f). Shared by the int8 and float CONV_2D.
#ifndef BRASA_KERNELS_OPT_IM2COL_H_
#define BRASA_KERNELS_OPT_IM2COL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/ref/common/conv_common.h"

namespace brasa {

// memcpy with a run-time size is a call; windows of small layers (3
// channels, say) copy a few bytes at a time, where fixed-size copies (two
// overlapping ones for the tail) are much faster. Never reads past `count`.
inline void CopyBytes(uint8_t* to, const uint8_t* from, size_t count) {
  if (count >= 64) {
    std::memcpy(to, from, count);
  } else if (count >= 16) {
    for (size_t i = 0; i + 16 <= count; i += 16) std::memcpy(to + i, from + i, 16);
    std::memcpy(to + count - 16, from + count - 16, 16);
  } else if (count >= 8) {
    std::memcpy(to, from, 8);
    std::memcpy(to + count - 8, from + count - 8, 8);
  } else if (count >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + count - 4, from + count - 4, 4);
  } else {
    for (size_t i = 0; i < count; ++i) to[i] = from[i];
  }
}

// The input a convolution's windows come from.
struct Im2colSource {
  const WindowGeometry* window;
  const uint8_t* input;  // [batches, input_h, input_w, pixel_bytes]
  int32_t input_h, input_w, filter_h, filter_w;
  size_t pixel_bytes;
  uint8_t padding_byte;
};

// An output row's position: batch, y, x (counted up without divisions).
struct OutputPosition {
  int32_t batch, out_y, out_x;
};

inline OutputPosition OutputPositionOf(int32_t row, const WindowGeometry& w) {
  return OutputPosition{row / (w.out_w * w.out_h), (row / w.out_w) % w.out_h, row % w.out_w};
}

inline void AdvanceOutputPosition(OutputPosition& at, const WindowGeometry& w) {
  if (++at.out_x == w.out_w) {
    at.out_x = 0;
    if (++at.out_y == w.out_h) {
      at.out_y = 0;
      ++at.batch;
    }
  }
}

// Gathers the window of output position `at` into `patch` (filter_y,
// filter_x, channel order).
inline void GatherWindow(const Im2colSource& s, const OutputPosition& at, uint8_t* patch) {
  const WindowGeometry& w = *s.window;
  const size_t pixel = s.pixel_bytes;
  const size_t window_row = pixel * static_cast<size_t>(s.filter_w);
  const uint8_t* image =
      s.input + static_cast<size_t>(at.batch) * s.input_h * s.input_w * pixel;
  const int32_t x_origin = at.out_x * w.stride_w - w.pad_left;
  const int32_t x_last = x_origin + (s.filter_w - 1) * w.dilation_w;
  // With dilation 1, a window row inside the image is one contiguous run.
  const bool whole_rows = w.dilation_w == 1 && x_origin >= 0 && x_last < s.input_w;
  for (int32_t fy = 0; fy < s.filter_h; ++fy) {
    const int32_t in_y = at.out_y * w.stride_h - w.pad_top + fy * w.dilation_h;
    if (in_y < 0 || in_y >= s.input_h) {
      std::memset(patch, s.padding_byte, window_row);
      patch += window_row;
      continue;
    }
    const uint8_t* source = image + static_cast<size_t>(in_y) * s.input_w * pixel;
    if (whole_rows) {
      CopyBytes(patch, source + static_cast<size_t>(x_origin) * pixel, window_row);
      patch += window_row;
      continue;
    }
    for (int32_t fx = 0; fx < s.filter_w; ++fx) {
      const int32_t in_x = x_origin + fx * w.dilation_w;
      if (in_x >= 0 && in_x < s.input_w) {
        CopyBytes(patch, source + static_cast<size_t>(in_x) * pixel, pixel);
      } else {
        std::memset(patch, s.padding_byte, pixel);
      }
      patch += pixel;
    }
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_IM2COL_H_
