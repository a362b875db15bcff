// BrasaSigmoid: a custom operator, registered by name through the public
// OpResolver API. y = 1 / (1 + exp(-x)), element-wise, float32.
#ifndef BRASA_EXAMPLES_CUSTOM_OP_BRASA_SIGMOID_OP_H_
#define BRASA_EXAMPLES_CUSTOM_OP_BRASA_SIGMOID_OP_H_

#include "brasa/kernel.h"

namespace brasa_examples {

// The name the model's CUSTOM operator code carries.
constexpr char kBrasaSigmoidName[] = "BrasaSigmoid";

const brasa::OpKernel* BrasaSigmoidKernel();

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_CUSTOM_OP_BRASA_SIGMOID_OP_H_
