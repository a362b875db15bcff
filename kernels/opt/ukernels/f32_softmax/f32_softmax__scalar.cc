// f32_softmax in plain C++: the reference kernel's loop, std::exp per element.
#include <algorithm>
#include <cmath>

#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"

namespace brasa {

void f32_softmax__scalar(const float* in, float* out, int32_t depth, float beta) {
  float max = in[0];
  for (int32_t i = 1; i < depth; ++i) max = std::max(max, in[i]);
  float sum = 0.0f;
  for (int32_t i = 0; i < depth; ++i) {
    out[i] = std::exp((in[i] - max) * beta);
    sum += out[i];
  }
  for (int32_t i = 0; i < depth; ++i) out[i] = out[i] / sum;
}

}  // namespace brasa
