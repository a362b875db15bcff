// One-input float32 math: SIN, COS, SQRT, SQUARE, FLOOR, CEIL, ROUND
// (LiteRT's elementwise.cc, square.cc, floor.cc, ceil.cc, round.cc). Each
// applies the C++ float function; ROUND rounds half to even, as LiteRT's
// RoundToNearest does.
#include <cmath>

#include "brasa/kernel.h"
#include "kernels/ref/common/unary_op.h"

namespace brasa {
namespace {

using FloatFunction = float (*)(float);

float Sin(float x) { return std::sin(x); }
float Cos(float x) { return std::cos(x); }
float Sqrt(float x) { return std::sqrt(x); }
float Square(float x) { return x * x; }
float Floor(float x) { return std::floor(x); }
float Ceil(float x) { return std::ceil(x); }

// Nearest integer, ties to the even neighbour (independent of the FPU mode).
float RoundHalfToEven(float x) {
  const float floor_value = std::floor(x);
  const float diff = x - floor_value;
  if (diff < 0.5f || (diff == 0.5f && std::fmod(floor_value, 2.0f) == 0.0f)) return floor_value;
  return floor_value + 1.0f;
}

Status Prepare(KernelContext& context) {
  return PrepareUnaryFunction(context, {DataType::kFloat32});
}

template <FloatFunction kFunction>
Status Eval(KernelContext& context) {
  ApplyUnaryFunction<float>(context, kFunction);
  return Status::Ok();
}

}  // namespace

#define BRASA_FLOAT_MATH_OP(NAME, FUNCTION)                         \
  const OpKernel* Register_##NAME() {                              \
    static const OpKernel kernel = {#NAME, Prepare, Eval<FUNCTION>}; \
    return &kernel;                                                \
  }
BRASA_FLOAT_MATH_OP(SIN, Sin)
BRASA_FLOAT_MATH_OP(COS, Cos)
BRASA_FLOAT_MATH_OP(SQRT, Sqrt)
BRASA_FLOAT_MATH_OP(SQUARE, Square)
BRASA_FLOAT_MATH_OP(FLOOR, Floor)
BRASA_FLOAT_MATH_OP(CEIL, Ceil)
BRASA_FLOAT_MATH_OP(ROUND, RoundHalfToEven)
#undef BRASA_FLOAT_MATH_OP

}  // namespace brasa
