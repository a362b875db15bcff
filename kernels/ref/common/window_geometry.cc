// The window geometry of CONV_2D and DEPTHWISE_CONV_2D (conv_common.h).
#include "kernels/ref/common/conv_common.h"

namespace brasa {
namespace {

// One axis of the window (the same code for height and width): its output
// size and padding before (VALID/SAME sizing; explicit padding is set by the
// caller). `*overflows` set when Eval's int32 tap coordinates
// (out * stride - pad + tap * dilation) could overflow; the output size is
// then not computed.
__attribute__((noinline)) void WindowAxis(Padding sizing, int32_t input, int32_t pad_before,
                                          int32_t pad_after, int32_t filter, int32_t stride,
                                          int32_t dilation, bool* overflows, int32_t* out,
                                          int32_t* pad) {
  const int64_t padded = int64_t{input} + pad_before + pad_after;
  const int64_t reach = padded * stride + 2 * int64_t{filter} * dilation;
  if (reach >= (int64_t{1} << 31)) {
    *overflows = true;
    return;
  }
  *out = WindowOutputSize(sizing, static_cast<int32_t>(padded), filter, stride, dilation);
  *pad = *out > 0 ? WindowPaddingBefore(input, filter, stride, dilation, *out) : 0;
}

}  // namespace

Status ComputeWindowGeometryFor(const KernelContext& context, const WindowParams& params,
                                const Tensor& input, const Tensor& filter, WindowGeometry* window) {
  const Padding padding = params.padding;
  const int32_t input_h = input.dim(1), input_w = input.dim(2);
  const int32_t filter_h = filter.dim(1), filter_w = filter.dim(2);
  const int32_t stride_h = params.stride_h, stride_w = params.stride_w;
  const int32_t dilation_h = params.dilation_h, dilation_w = params.dilation_w;
  if (padding != Padding::kSame && padding != Padding::kValid && padding != Padding::kExplicit) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "padding type %d is not supported",
                                 static_cast<int>(padding));
  }
  if (stride_h <= 0 || stride_w <= 0 || dilation_h <= 0 || dilation_w <= 0) {
    return context.Error("strides (%d, %d) and dilations (%d, %d) must be positive", stride_h,
                         stride_w, dilation_h, dilation_w);
  }
  // Explicit padding (a folded PAD node) acts as VALID on the padded input.
  const bool is_explicit = padding == Padding::kExplicit;
  const ExplicitPadding explicit_padding =
      is_explicit ? params.explicit_padding : ExplicitPadding();
  const Padding sizing = is_explicit ? Padding::kValid : padding;
  bool overflows = false;
  WindowAxis(sizing, input_h, explicit_padding.top, explicit_padding.bottom, filter_h, stride_h,
             dilation_h, &overflows, &window->out_h, &window->pad_top);
  WindowAxis(sizing, input_w, explicit_padding.left, explicit_padding.right, filter_w, stride_w,
             dilation_w, &overflows, &window->out_w, &window->pad_left);
  if (overflows) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "window coordinates overflow 32 bits");
  }
  if (window->out_h <= 0 || window->out_w <= 0) {
    return context.Error("a %dx%d filter (dilation %dx%d) gives no output on a %dx%d input",
                         filter_h, filter_w, dilation_h, dilation_w, input_h, input_w);
  }
  window->stride_h = stride_h;
  window->stride_w = stride_w;
  window->dilation_h = dilation_h;
  window->dilation_w = dilation_w;
  if (is_explicit) {
    window->pad_top = explicit_padding.top;
    window->pad_left = explicit_padding.left;
  }
  return Status::Ok();
}

}  // namespace brasa
