// A zero-point-padded copy of a depthwise convolution's 8-bit input, built
// at Eval in scratch: pad_top rows above each image, pad_left pixels left of
// each row, and padding bytes wherever else a window (or a micro-kernel's
// over-read) reaches, so the kernels that read it need no bounds checks.
// Padding bytes are zp_in, whose products add exactly zero once zp_in is
// folded into the bias (qs8_dwconv.h). Used by the one-input-channel
// (depthwise_conv_2d_plane.cc) and few-channel (depthwise_conv_2d_rows.cc)
// paths, where the copy is small next to the convolution.
#ifndef BRASA_KERNELS_OPT_DWCONV_PADDED_INPUT_H_
#define BRASA_KERNELS_OPT_DWCONV_PADDED_INPUT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/ref/common/conv_common.h"

namespace brasa {

struct PaddedInput {
  int32_t input_h = 0, input_w = 0, channels = 0;
  int32_t pad_top = 0, pad_left = 0;
  int32_t rows = 0;      // padded rows per image
  size_t row_bytes = 0;  // bytes per padded row
  size_t image_bytes() const { return static_cast<size_t>(rows) * row_bytes; }
};

// The layout for a window (filter filter_h x filter_w) over [*, h, w, channels]:
// rows reach the last window's last row, and rows are at least min_row_bytes.
inline PaddedInput PlanPaddedInput(const WindowGeometry& window, int32_t input_h, int32_t input_w,
                                   int32_t channels, int32_t filter_h, int32_t filter_w,
                                   size_t min_row_bytes) {
  PaddedInput p;
  p.input_h = input_h;
  p.input_w = input_w;
  p.channels = channels;
  p.pad_top = window.pad_top;
  p.pad_left = window.pad_left;
  const int32_t last_row =
      (window.out_h - 1) * window.stride_h + (filter_h - 1) * window.dilation_h;
  const int32_t last_column =
      (window.out_w - 1) * window.stride_w + (filter_w - 1) * window.dilation_w;
  p.rows = std::max(last_row + 1, window.pad_top + input_h);
  const size_t pixels = static_cast<size_t>(std::max(last_column + 1, window.pad_left + input_w));
  p.row_bytes = std::max(min_row_bytes, pixels * static_cast<size_t>(channels));
  return p;
}

// Copies `batches` images of `input` into `to` (batches * image_bytes()).
inline void CopyPaddedInput(const PaddedInput& p, const uint8_t* input, int32_t batches,
                            uint8_t padding, uint8_t* to) {
  const size_t row = static_cast<size_t>(p.input_w) * p.channels;
  const size_t left = static_cast<size_t>(p.pad_left) * p.channels;
  for (int32_t b = 0; b < batches; ++b) {
    uint8_t* image = to + static_cast<size_t>(b) * p.image_bytes();
    const size_t top = static_cast<size_t>(p.pad_top) * p.row_bytes;
    std::memset(image, padding, top);
    for (int32_t y = 0; y < p.input_h; ++y) {
      uint8_t* line = image + top + static_cast<size_t>(y) * p.row_bytes;
      std::memset(line, padding, left);
      std::memcpy(line + left, input + (static_cast<size_t>(b) * p.input_h + y) * row, row);
      std::memset(line + left + row, padding, p.row_bytes - left - row);
    }
    const size_t filled = top + static_cast<size_t>(p.input_h) * p.row_bytes;
    std::memset(image + filled, padding, p.image_bytes() - filled);
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DWCONV_PADDED_INPUT_H_
