// person_detect: the visual wake word model (int8, 96x96 grayscale) on the
// two golden images, person.bmp and no_person.bmp.
#include "brasa/builtin_kernels.h"
#include "ports/cortex_m/firmware.h"

BRASA_EMBEDDED(person_detect_model);
BRASA_EMBEDDED(person_input);
BRASA_EMBEDDED(person_output);
BRASA_EMBEDDED(no_person_input);
BRASA_EMBEDDED(no_person_output);

namespace {
alignas(16) unsigned char arena[BRASA_PORT_ARENA_BYTES];
alignas(16) unsigned char setup_memory[BRASA_PORT_SETUP_BYTES];
}

int main() {
  brasa_port::UseSetupMemory(setup_memory, sizeof(setup_memory));
  brasa::OpResolver resolver;
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kAveragePool2D),
                      brasa::Register_AVERAGE_POOL_2D_INT8());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kConv2D),
                      brasa::Register_CONV_2D_INT8());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kDepthwiseConv2D),
                      brasa::Register_DEPTHWISE_CONV_2D_INT8());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kReshape),
                      brasa::Register_RESHAPE());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kSoftmax),
                      brasa::Register_SOFTMAX_INT8());
  const brasa_port::GoldenCase cases[] = {
      {"person.bmp", person_input, person_input_size, person_output, person_output_size},
      {"no_person.bmp", no_person_input, no_person_input_size, no_person_output,
       no_person_output_size},
  };
  return brasa_port::RunFirmware({"person_detect", person_detect_model, person_detect_model_size,
                                  &resolver, cases, 2, arena, sizeof(arena)});
}
