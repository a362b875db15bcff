// micro_speech: the keyword model (int8) on the golden random spectrogram.
#include "brasa/builtin_kernels.h"
#include "ports/cortex_m/firmware.h"

BRASA_EMBEDDED(micro_speech_model);
BRASA_EMBEDDED(micro_speech_input);
BRASA_EMBEDDED(micro_speech_output);

namespace {
alignas(16) unsigned char arena[BRASA_PORT_ARENA_BYTES];
alignas(16) unsigned char setup_memory[BRASA_PORT_SETUP_BYTES];
}

int main() {
  brasa_port::UseSetupMemory(setup_memory, sizeof(setup_memory));
  brasa::OpResolver resolver;
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kDepthwiseConv2D),
                      brasa::Register_DEPTHWISE_CONV_2D_INT8());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kFullyConnected),
                      brasa::Register_FULLY_CONNECTED_INT8());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kReshape),
                      brasa::Register_RESHAPE());
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kSoftmax),
                      brasa::Register_SOFTMAX_INT8());
  const brasa_port::GoldenCase cases[] = {
      {"random spectrogram (seed 1001)", micro_speech_input, micro_speech_input_size,
       micro_speech_output, micro_speech_output_size},
  };
  return brasa_port::RunFirmware({"micro_speech", micro_speech_model, micro_speech_model_size,
                                  &resolver, cases, 1, arena, sizeof(arena)});
}
