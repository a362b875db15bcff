// Range checks for the multipliers a Prepare derives from a hostile model's
// scales. Every scale passes the verifier (finite, > 0), but a ratio or
// product of them can still be inf, 0 or so large that the fixed-point
// multiply overflows int32 or shifts by 32 or more. The fuzzer found these
// one kernel at a time: Prepare functions that derive a multiplier from
// scales go through QuantizeMultiplierChecked, so the checks are the same
// everywhere and Eval never sees an out-of-range value.
#ifndef BRASA_KERNELS_REF_COMMON_CHECKED_MULTIPLIER_H_
#define BRASA_KERNELS_REF_COMMON_CHECKED_MULTIPLIER_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/ref/common/quant_math.h"

namespace brasa {

// The largest left shift s with max_abs * 2^s <= INT32_MAX (-1: none fits,
// max_abs itself is beyond int32).
inline int32_t MaxLeftShiftFor(int64_t max_abs) {
  if (max_abs <= 0) return 31;
  int32_t shift = -1;
  while (shift < 31 && (max_abs << (shift + 1)) <= std::numeric_limits<int32_t>::max()) ++shift;
  return shift;
}

// *out = QuantizeMultiplier(real), or an error naming `what` unless `real`
// is finite and not negative and the multiplier's shift is at most
// max_shift. Multipliers that flush to zero (a product of scales that
// underflows, or a shift below -31) are accepted: TensorFlow Lite computes
// the same zeros, and they shift by nothing undefined.
inline Status QuantizeMultiplierChecked(KernelContext& context, const char* what, double real,
                                        int32_t max_shift, QuantizedMultiplier* out) {
  // From the bits, as QuantizeMultiplier reads them (no double compares).
  const DoubleFields fields = FieldsOf(real);
  if (!fields.finite || (fields.negative && (fields.normal || fields.mantissa != 0))) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s %g is not a finite non-negative number", what, real);
  }
  *out = QuantizeMultiplier(real);
  // QuantizeMultiplier saturates a multiplier of 2^31 or more to shift 31:
  // judge the true exponent (frexp's).
  int32_t shift = out->shift;
  if (fields.exponent > 31) shift = fields.exponent;
  if (shift > max_shift) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s %g is too large (exponent %d, at most %d supported)", what,
                                 real, static_cast<int>(shift), static_cast<int>(max_shift));
  }
  return Status::Ok();
}

// The same for a multiplier applied by MultiplyByQuantizedMultiplier to
// values of magnitude up to max_abs: its left shift must keep them in int32.
inline Status QuantizeMultiplierForRange(KernelContext& context, const char* what, double real,
                                         int64_t max_abs, QuantizedMultiplier* out) {
  return QuantizeMultiplierChecked(context, what, real, MaxLeftShiftFor(max_abs), out);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_CHECKED_MULTIPLIER_H_
