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

#include "brasa/kernel.h"
#include "kernels/opt/parallel_work.h"
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

// Copies rows [first, end) of the padded layout of image `batch` of
// `input` into its place in `to` (batches * image_bytes()): rows above and
// below the image all padding, the others padded left and right.
inline void CopyPaddedRows(const PaddedInput& p, const uint8_t* input, int32_t batch,
                           int32_t first, int32_t end, uint8_t padding, uint8_t* to) {
  const size_t row = static_cast<size_t>(p.input_w) * p.channels;
  const size_t left = static_cast<size_t>(p.pad_left) * p.channels;
  uint8_t* image = to + static_cast<size_t>(batch) * p.image_bytes();
  for (int32_t y = first; y < end; ++y) {
    uint8_t* line = image + static_cast<size_t>(y) * p.row_bytes;
    const int32_t in_y = y - p.pad_top;
    if (in_y < 0 || in_y >= p.input_h) {
      std::memset(line, padding, p.row_bytes);
      continue;
    }
    std::memset(line, padding, left);
    std::memcpy(line + left, input + (static_cast<size_t>(batch) * p.input_h + in_y) * row, row);
    std::memset(line + left + row, padding, p.row_bytes - left - row);
  }
}

// One task of CopyPaddedInput: part `index % parts` of the rows of image
// `index / parts`.
struct PaddedCopy {
  const PaddedInput* layout;
  const uint8_t* input;
  uint8_t* to;
  uint8_t padding;
  int32_t parts;
};

inline void RunPaddedCopy(void* context, int index) {
  const PaddedCopy& c = *static_cast<const PaddedCopy*>(context);
  int32_t first = 0, end = 0;
  EvenPart(c.layout->rows, c.parts, index % c.parts, &first, &end);
  CopyPaddedRows(*c.layout, c.input, index / c.parts, first, end, c.padding, c.to);
}

// Copies `batches` images of `input` into `to` (batches * image_bytes()).
// `split`: one part of each image's rows per thread, for a node whose
// kernel then splits its output rows the same way: each thread copies the
// rows it mostly reads, and the input rows the thread before wrote (in its
// cache) need not cross to the other core twice.
inline void CopyPaddedInput(KernelContext& context, bool split, const PaddedInput& p,
                            const uint8_t* input, int32_t batches, uint8_t padding, uint8_t* to) {
  const int32_t parts = split ? context.num_threads() : 1;
  if (parts <= 1) {
    for (int32_t b = 0; b < batches; ++b) CopyPaddedRows(p, input, b, 0, p.rows, padding, to);
    return;
  }
  PaddedCopy copy{&p, input, to, padding, parts};
  context.ParallelFor(batches * parts, RunPaddedCopy, &copy);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DWCONV_PADDED_INPUT_H_
