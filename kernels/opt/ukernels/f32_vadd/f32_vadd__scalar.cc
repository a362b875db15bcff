// f32_vadd in plain C++: the reference kernel's loop.
#include "kernels/opt/ukernels/f32_vadd/f32_vadd.h"
#include "kernels/ref/common/activation.h"

namespace brasa {

void f32_vadd__scalar(size_t count, const float* a, const float* b, float* out, float low,
                      float high) {
  const FloatRange range{low, high};
  for (size_t i = 0; i < count; ++i) out[i] = ApplyFloatRange(a[i] + b[i], range);
}

}  // namespace brasa
