// Per-channel quantization layout shared by QUANTIZE and DEQUANTIZE: which
// scale and zero point apply to each element of a row-major tensor.
#ifndef BRASA_KERNELS_REF_COMMON_QUANTIZE_LAYOUT_H_
#define BRASA_KERNELS_REF_COMMON_QUANTIZE_LAYOUT_H_

#include <cstddef>
#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

// Element i belongs to channel (i / inner) % channels; one channel when the
// quantization is per tensor.
struct ChannelLayout {
  int32_t channels = 1;
  int64_t inner = 1;

  size_t channel(int64_t i) const { return static_cast<size_t>((i / inner) % channels); }
};

// Checks `quantization` (of the tensor named `role`, shaped `shape`) and
// fills `layout`. Per-channel needs one scale per slice of the quantized
// dimension and either one zero point or one per scale (LiteRT accepts both).
inline Status ComputeChannelLayout(KernelContext& context, const char* role,
                                   const Quantization& quantization, const Shape& shape,
                                   ChannelLayout* layout) {
  *layout = ChannelLayout();
  if (!quantization.is_per_channel()) return Status::Ok();
  const int rank = static_cast<int>(shape.size());
  const int dim = quantization.quantized_dimension;
  if (dim < 0 || dim >= rank) {
    return context.Error("%s quantized dimension %d is out of range for rank %d", role, dim, rank);
  }
  const int32_t channels = shape[static_cast<size_t>(dim)];
  if (static_cast<int64_t>(quantization.scales.size()) != channels) {
    return context.Error("%s has %zu scales, dimension %d has %d channels", role,
                         quantization.scales.size(), dim, channels);
  }
  if (quantization.zero_points.size() != 1 &&
      quantization.zero_points.size() != quantization.scales.size()) {
    return context.Error("%s has %zu zero points for %zu scales", role,
                         quantization.zero_points.size(), quantization.scales.size());
  }
  layout->channels = channels;
  for (int d = dim + 1; d < rank; ++d) layout->inner *= shape[static_cast<size_t>(d)];
  return Status::Ok();
}

// The zero point of channel c (a single shared zero point is allowed).
inline int32_t ChannelZeroPoint(const Quantization& quantization, size_t c) {
  return quantization.zero_points.size() <= 1 ? quantization.zero_point()
                                              : quantization.zero_points[c];
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_QUANTIZE_LAYOUT_H_
