// What a board without an OS must answer with a clear error, not a crash:
// Model::FromFile (no file system), a resolver that lacks the model's op, a
// caller-owned arena smaller than the plan, models that need a feature this
// build left out (BRASA_SPARSE, BRASA_CONTROL_FLOW); and how the static memory
// (brasa/static_memory.h) hands out and takes back blocks.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

#include "brasa/builtin_kernels.h"
#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/static_memory.h"
#include "ports/cortex_m/firmware.h"
#include "ports/cortex_m/semihosting.h"

BRASA_EMBEDDED(sine_int8_model);
BRASA_EMBEDDED(sparse_model);
BRASA_EMBEDDED(control_flow_model);

namespace {

alignas(16) unsigned char small_arena[16];  // the sine model plans 48 bytes
alignas(16) unsigned char tail_arena[1024];  // plan and persistent data (about 600 bytes)
alignas(16) unsigned char setup_memory[BRASA_PORT_SETUP_BYTES];

// The error's code, and its message: with BRASA_STRIP_ERROR_STRINGS (ON in
// this port) the fixed brasa::kStrippedMessage instead of `expected_text`.
bool Check(const char* what, const brasa::Status& status, brasa::StatusCode expected_code,
           const char* expected_text) {
#if BRASA_STRIP_ERROR_STRINGS
  expected_text = brasa::kStrippedMessage;
#endif
  const bool passed = !status.ok() && status.code() == expected_code &&
                      std::strstr(status.message().c_str(), expected_text) != nullptr;
  brasa_semihost_write(passed ? "PASS " : "FAIL ");
  brasa_semihost_write(what);
  brasa_semihost_write(": ");
  brasa_semihost_write(status.ok() ? "(no error)" : status.message().c_str());
  brasa_semihost_write("\n");
  return passed;
}

bool Expect(const char* what, bool passed) {
  brasa_semihost_write(passed ? "PASS " : "FAIL ");
  brasa_semihost_write(what);
  brasa_semihost_write("\n");
  return passed;
}

// Freed blocks are reused and merge with their neighbours; over-aligned and
// too-large requests behave; nothing here raises the high-water mark twice.
bool CheckStaticMemory() {
  bool passed = true;
  const brasa::StaticMemoryStats start = brasa::GetStaticMemoryStats();
  auto* first = new (std::nothrow) uint8_t[100];
  auto* second = new (std::nothrow) uint8_t[100];
  auto* third = new (std::nothrow) uint8_t[100];  // keeps the first two off the top
  const size_t high_water = brasa::GetStaticMemoryStats().high_water;
  delete[] first;
  auto* reused = new (std::nothrow) uint8_t[100];
  passed &= Expect("a freed block is reused", reused == first);
  delete[] reused;
  delete[] second;
  auto* merged = new (std::nothrow) uint8_t[200];
  passed &= Expect("neighbouring free blocks merge", merged == first);
  delete[] merged;
  delete[] third;
  const brasa::StaticMemoryStats after = brasa::GetStaticMemoryStats();
  passed &= Expect("freeing everything returns every byte",
                   after.in_use == start.in_use && after.high_water == high_water);
  auto* aligned = new (std::align_val_t{64}, std::nothrow) uint8_t[10];
  passed &= Expect("over-aligned new is aligned",
                   aligned != nullptr && reinterpret_cast<uintptr_t>(aligned) % 64 == 0);
  ::operator delete[](aligned, std::align_val_t{64});
  passed &= Expect("a request larger than the buffer gets null",
                   new (std::nothrow) uint8_t[after.capacity + 1] == nullptr);
  passed &= Expect("an over-aligned request of SIZE_MAX bytes gets null",
                   ::operator new(SIZE_MAX, std::align_val_t{64}, std::nothrow) == nullptr);
  return passed;
}

// A feature the build left out: the model is refused with UNSUPPORTED naming
// the CMake option, not run wrongly.
bool CheckLeftOutFeatures() {
  bool passed = true;
#if !BRASA_SPARSE
  auto sparse = brasa::Model::FromBuffer(sparse_model, sparse_model_size);
  passed &= Check("a sparse model without BRASA_SPARSE", sparse.status(),
                  brasa::StatusCode::kUnsupported, "BRASA_SPARSE=OFF");
#endif
#if !BRASA_CONTROL_FLOW
  auto model = brasa::Model::FromBuffer(control_flow_model, control_flow_model_size);
  if (!model.ok()) return Expect("the IF model loads", false);
  brasa::OpResolver resolver;
  resolver.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kIf), brasa::Register_IF());
  auto interpreter = brasa::Interpreter::Create(**model, resolver);
  passed &= Check("an IF model without BRASA_CONTROL_FLOW", interpreter.status(),
                  brasa::StatusCode::kUnsupported, "BRASA_CONTROL_FLOW=OFF");
#endif
  return passed;
}

}  // namespace

// With a caller arena, op data, options and variables take the arena's end
// (TensorFlow Lite Micro's layout): an arena of exactly the plan plus the
// persistent bytes suffices, also for a second AllocateTensors (the last
// Prepare's persistent data is taken back), 16 bytes less does not, and the
// output is the same as with everything in static memory.
bool CheckPersistentAtArenaEnd(const brasa::Model& model, const brasa::OpResolver& resolver,
                               brasa::Interpreter& reference) {
  brasa::InterpreterOptions options;
  options.arena = tail_arena;
  options.arena_size = sizeof(tail_arena);
  auto sizing = brasa::Interpreter::Create(model, resolver, options);
  if (!sizing.ok() || !(*sizing)->AllocateTensors().ok()) {
    return Expect("AllocateTensors with the persistent data at the arena's end", false);
  }
  const size_t needed = (*sizing)->arena_bytes() + (*sizing)->persistent_bytes();
  sizing->reset();
  // 16 bytes short fails: the arena must hold the persistent data too.
  options.arena_size = needed - 16;
  auto tight = brasa::Interpreter::Create(model, resolver, options);
  bool passed = tight.ok() && Check("AllocateTensors with an arena 16 bytes short",
                                (*tight)->AllocateTensors(),
                                brasa::StatusCode::kResourceExhausted, "persistent at its end");
  options.arena_size = needed;
  auto exact = brasa::Interpreter::Create(model, resolver, options);
  const bool twice = exact.ok() && (*exact)->AllocateTensors().ok() &&
                     (*exact)->AllocateTensors().ok();
  passed &= Expect("AllocateTensors twice in an arena of the plan plus persistent bytes", twice);
  if (!twice) return false;
  std::memset((*exact)->input_data(0), 37, (*exact)->input(0)->bytes);
  std::memset(reference.input_data(0), 37, reference.input(0)->bytes);
  const bool same = (*exact)->Invoke().ok() && reference.Invoke().ok() &&
                    std::memcmp((*exact)->output(0)->data, reference.output(0)->data,
                                reference.output(0)->bytes) == 0;
  return passed & Expect("the same output as with the arena in static memory", same);
}

// The board's 64-bit division (int64_division.c) against quotients and
// remainders computed on the host (Python's integers; signed: truncated
// toward zero). volatile: the divisions run here, not in the compiler.
bool CheckInt64Division() {
  struct Unsigned {
    uint64_t n, d, q, r;
  };
  static volatile const Unsigned kUnsigned[] = {
      {0x7ull, 0x2ull, 0x3ull, 0x1ull},
      {0x10000000000ull, 0x3ull, 0x5555555555ull, 0x1ull},
      {0xffffffffffffffffull, 0x1ull, 0xffffffffffffffffull, 0x0ull},
      {0xffffffffffffffffull, 0xffffffffffffffffull, 0x1ull, 0x0ull},
      {0xffffffffffffffffull, 0x100000001ull, 0xffffffffull, 0x0ull},
      {0x2bdc545d6b4b87ull, 0x3b9aca07ull, 0xbc614eull, 0x30911665ull},
      {0x5ull, 0x10000000000ull, 0x0ull, 0x5ull},
      {0x8000000000000000ull, 0xffffffffull, 0x80000000ull, 0x80000000ull},
      {0x64ull, 0x7ull, 0xeull, 0x2ull},
      {0xfedcba9876543210ull, 0x123456789ull, 0xe0000000ull, 0x96543210ull},
  };
  struct Signed {
    int64_t n, d, q, r;
  };
  static volatile const Signed kSigned[] = {
      {-7, 2, -3, -1},
      {7, -2, -3, 1},
      {-7, -2, 3, -1},
      {INT64_MIN, 1, INT64_MIN, 0},
      {INT64_MIN, -3, 3074457345618258602ll, -2},
      {-1099511627771ll, 12345, -89065340, -5471},
      {4611686018427387904ll, -8589934591ll, -536870912, 536870912},
      {-123456789012345ll, -1000, 123456789012ll, -345},
      {42, 1099511627776ll, 0, 42},
  };
  bool passed = true;
  for (const volatile Unsigned& c : kUnsigned) {
    passed &= c.n / c.d == c.q && c.n % c.d == c.r;
  }
  for (const volatile Signed& c : kSigned) {
    passed &= c.n / c.d == c.q && c.n % c.d == c.r;
  }
  return Expect("64-bit division and remainder (int64_division.c)", passed);
}

int main() {
  brasa_port::UseSetupMemory(setup_memory, sizeof(setup_memory));
  bool passed = CheckStaticMemory();  // first, while the buffer is still empty
  auto from_file = brasa::Model::FromFile("sine_int8.tflite");
  passed &= Check("Model::FromFile", from_file.status(), brasa::StatusCode::kUnsupported,
                  "no file system");

  // The verifier's error (the flatbuffer's tables run past the end).
  auto truncated = brasa::Model::FromBuffer(sine_int8_model, sine_int8_model_size / 2);
  passed &= Check("Model::FromBuffer on half the model", truncated.status(),
                  brasa::StatusCode::kInvalidModel, "flatbuffer");
  auto model = brasa::Model::FromBuffer(sine_int8_model, sine_int8_model_size);
  if (!model.ok()) return 1;
  const brasa::OpResolver empty;
  auto unresolved = brasa::Interpreter::Create(**model, empty);
  passed &= Check("Interpreter::Create without FULLY_CONNECTED", unresolved.status(),
                  brasa::StatusCode::kUnsupported, "FULLY_CONNECTED");

  // An application's own FULLY_CONNECTED kernel without an options parser:
  // a bare-metal build has no table of brasa's parsers to fall back on.
  static const brasa::OpKernel kNoParser = {"FULLY_CONNECTED",
                                            brasa::Register_FULLY_CONNECTED()->prepare,
                                            brasa::Register_FULLY_CONNECTED()->eval};
  brasa::OpResolver without_parser;
  without_parser.AddBuiltin(static_cast<int32_t>(brasa::BuiltinOp::kFullyConnected), &kNoParser);
  auto unparsed = brasa::Interpreter::Create(**model, without_parser);
  passed &= Check("Interpreter::Create with a FULLY_CONNECTED kernel without options parser",
                  unparsed.status(), brasa::StatusCode::kUnsupported, "parser");

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

  // Without a caller arena the interpreter takes its arena from the static
  // memory (operator new, nothrow).
  options.arena = nullptr;
  options.arena_size = 0;
  auto unbacked = brasa::Interpreter::Create(**model, resolver, options);
  passed &= Expect("AllocateTensors with the arena in static memory",
                   unbacked.ok() && (*unbacked)->AllocateTensors().ok() &&
                       (*unbacked)->Invoke().ok());
  passed &= CheckPersistentAtArenaEnd(**model, resolver, **unbacked);
  passed &= CheckLeftOutFeatures();
  passed &= CheckInt64Division();
  brasa_semihost_write(passed ? "platform_checks: PASS\n" : "platform_checks: FAIL\n");
  return passed ? 0 : 1;
}
