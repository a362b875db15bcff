// What a board without an OS must answer with a clear error, not a crash:
// Model::FromFile (no file system), a resolver that lacks the model's op, and
// a caller-owned arena smaller than the plan.
#include <cstdio>
#include <cstring>

#include "brasa/builtin_kernels.h"
#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "ports/cortex_m/firmware.h"
#include "ports/cortex_m/semihosting.h"

BRASA_EMBEDDED(sine_int8_model);

namespace {

alignas(16) unsigned char small_arena[16];  // the sine model plans 48 bytes

bool Check(const char* what, const brasa::Status& status, brasa::StatusCode expected_code,
           const char* expected_text) {
  const bool passed = !status.ok() && status.code() == expected_code &&
                      std::strstr(status.message().c_str(), expected_text) != nullptr;
  brasa_semihost_write(passed ? "PASS " : "FAIL ");
  brasa_semihost_write(what);
  brasa_semihost_write(": ");
  brasa_semihost_write(status.ok() ? "(no error)" : status.message().c_str());
  brasa_semihost_write("\n");
  return passed;
}

}  // namespace

int main() {
  bool passed = true;
  auto from_file = brasa::Model::FromFile("sine_int8.tflite");
  passed &= Check("Model::FromFile", from_file.status(), brasa::StatusCode::kUnsupported,
                  "no file system");

  auto model = brasa::Model::FromBuffer(sine_int8_model, sine_int8_model_size);
  if (!model.ok()) return 1;
  const brasa::OpResolver empty;
  auto unresolved = brasa::Interpreter::Create(**model, empty);
  passed &= Check("Interpreter::Create without FULLY_CONNECTED", unresolved.status(),
                  brasa::StatusCode::kUnsupported, "FULLY_CONNECTED");

  brasa::OpResolver resolver;
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kFullyConnected),
                      brasa::Register_FULLY_CONNECTED());
  brasa::InterpreterOptions options;
  options.arena = small_arena;
  options.arena_size = sizeof(small_arena);
  auto interpreter = brasa::Interpreter::Create(**model, resolver, options);
  if (!interpreter.ok()) return 1;
  passed &= Check("AllocateTensors with a 16-byte arena", (*interpreter)->AllocateTensors(),
                  brasa::StatusCode::kResourceExhausted, "arena");

  brasa_semihost_write(passed ? "platform_checks: PASS\n" : "platform_checks: FAIL\n");
  return passed ? 0 : 1;
}
