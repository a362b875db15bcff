// hello_world: the sine model (int8, FULLY_CONNECTED only) on x = 1.2345.
#include "brasa/builtin_kernels.h"
#include "ports/cortex_m/firmware.h"

BRASA_EMBEDDED(sine_int8_model);
BRASA_EMBEDDED(sine_int8_input);
BRASA_EMBEDDED(sine_int8_output);

namespace {
alignas(16) unsigned char arena[BRASA_PORT_ARENA_BYTES];
alignas(16) unsigned char setup_memory[BRASA_PORT_SETUP_BYTES];
}

int main() {
  brasa_port::UseSetupMemory(setup_memory, sizeof(setup_memory));
  brasa::OpResolver resolver;
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kFullyConnected),
                      brasa::Register_FULLY_CONNECTED_INT8());
  const brasa_port::GoldenCase cases[] = {
      {"x=1.2345", sine_int8_input, sine_int8_input_size, sine_int8_output,
       sine_int8_output_size},
  };
  return brasa_port::RunFirmware({"hello_world (sine_int8)", sine_int8_model,
                                  sine_int8_model_size, &resolver, cases, 1, arena,
                                  sizeof(arena)});
}
