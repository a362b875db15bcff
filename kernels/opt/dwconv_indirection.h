// The indirection lists of the depthwise micro-kernels (qs8_dwconv,
// f32_dwconv): one input pointer per filter tap of each output pixel, padding
// taps pointing at a row of padding values (zero-point bytes, or 0.0f). One
// output row is handed to the micro-kernel a few pixels at a time, the
// pointers on the stack. Shared by the int8 and float DEPTHWISE_CONV_2D.
#ifndef BRASA_KERNELS_OPT_DWCONV_INDIRECTION_H_
#define BRASA_KERNELS_OPT_DWCONV_INDIRECTION_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/ref/common/conv_common.h"

namespace brasa {

// Input pointers per micro-kernel call (several output pixels); larger
// windows run the reference kernel.
constexpr int32_t kMaxDwconvPointers = 512;
constexpr int32_t kMaxDwconvTaps = kMaxDwconvPointers;

// The input of a depthwise convolution with depth multiplier 1.
template <typename T>
struct DwconvSource {
  const WindowGeometry* window;
  const T* input;  // [batches, input_h, input_w, channels]
  const T* padding_row;  // `channels` padding values
  int32_t input_h, input_w, channels, filter_h, filter_w;
};

// Builds the pointers of output row `index` (batch * out_h + out_y) a few
// pixels at a time and calls convolve(first_pixel, pixels, pointers) for
// each batch (pixels * taps pointers, tap-major per pixel).
template <typename T, typename Convolve>
void ForEachDwconvPixelBatch(const DwconvSource<T>& s, int32_t index, Convolve&& convolve) {
  const WindowGeometry& w = *s.window;
  const int32_t out_y = index % w.out_h, batch = index / w.out_h;
  const size_t channels = static_cast<size_t>(s.channels);
  const T* image = s.input + static_cast<size_t>(batch) * s.input_h * s.input_w * channels;
  const int32_t taps = s.filter_h * s.filter_w;
  const int32_t pixels_per_call = std::max<int32_t>(1, kMaxDwconvPointers / taps);
  const int32_t y_origin = out_y * w.stride_h - w.pad_top;
  const bool rows_inside =
      y_origin >= 0 && y_origin + (s.filter_h - 1) * w.dilation_h < s.input_h;
  // Tap offsets from a window's top-left input pixel, for windows inside the image.
  size_t offsets[kMaxDwconvTaps];
  for (int32_t fy = 0, i = 0; fy < s.filter_h; ++fy) {
    for (int32_t fx = 0; fx < s.filter_w; ++fx, ++i) {
      offsets[i] = (static_cast<size_t>(fy) * w.dilation_h * s.input_w +
                    static_cast<size_t>(fx) * w.dilation_w) * channels;
    }
  }
  const T* pointers[kMaxDwconvPointers];
  for (int32_t first = 0; first < w.out_w; first += pixels_per_call) {
    const int32_t pixels = std::min(pixels_per_call, w.out_w - first);
    const T** p = pointers;
    for (int32_t i = 0; i < pixels; ++i) {
      const int32_t x_origin = (first + i) * w.stride_w - w.pad_left;
      if (rows_inside && x_origin >= 0 &&
          x_origin + (s.filter_w - 1) * w.dilation_w < s.input_w) {
        const T* corner = image + (static_cast<size_t>(y_origin) * s.input_w + x_origin) * channels;
        for (int32_t k = 0; k < taps; ++k) *p++ = corner + offsets[k];
        continue;
      }
      for (int32_t fy = 0; fy < s.filter_h; ++fy) {
        const int32_t in_y = y_origin + fy * w.dilation_h;
        for (int32_t fx = 0; fx < s.filter_w; ++fx) {
          const int32_t in_x = x_origin + fx * w.dilation_w;
          const bool inside = in_y >= 0 && in_y < s.input_h && in_x >= 0 && in_x < s.input_w;
          *p++ = inside ? image + (static_cast<size_t>(in_y) * s.input_w + in_x) * channels
                        : s.padding_row;
        }
      }
    }
    convolve(first, pixels, static_cast<const T* const*>(pointers));
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_DWCONV_INDIRECTION_H_
