#include "ports/cortex_m/firmware.h"

#include <cstdarg>
#include <cstring>
#include <memory>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/static_memory.h"
#include "ports/cortex_m/board.h"
#include "ports/cortex_m/semihosting.h"
#include "src/runtime/arena_layout.h"

namespace brasa_port {
namespace {

void PutUnsigned(unsigned long value, char* line, size_t* n, size_t capacity) {
  char digits[10];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0 && *n + 1 < capacity) line[(*n)++] = digits[--count];
}

// printf-style output over semihosting, for the few formats this file uses
// (%s, %d, %u, %ld, %lu): newlib-nano's vsnprintf would be 2 KB of flash, and
// the library links no printf (its messages are stripped, BRASA_STRIP_ERROR_STRINGS).
__attribute__((format(printf, 1, 2))) void Print(const char* format, ...) {
  char line[256];
  size_t n = 0;
  va_list args;
  va_start(args, format);
  for (const char* p = format; *p != '\0' && n + 1 < sizeof(line); ++p) {
    if (*p != '%' || p[1] == '\0') {
      line[n++] = *p;
      continue;
    }
    const bool is_long = *++p == 'l';
    if (is_long && p[1] != '\0') ++p;
    if (*p == 's') {
      for (const char* text = va_arg(args, const char*); *text != '\0' && n + 1 < sizeof(line);
           ++text) {
        line[n++] = *text;
      }
    } else if (*p == 'd') {
      const long value = is_long ? va_arg(args, long) : va_arg(args, int);
      if (value < 0) line[n++] = '-';
      const unsigned long magnitude =
          value < 0 ? 0UL - static_cast<unsigned long>(value) : static_cast<unsigned long>(value);
      PutUnsigned(magnitude, line, &n, sizeof(line));
    } else if (*p == 'u') {
      PutUnsigned(is_long ? va_arg(args, unsigned long) : va_arg(args, unsigned), line, &n,
                  sizeof(line));
    } else {
      line[n++] = *p;  // %% and anything unexpected: the character itself
    }
  }
  va_end(args);
  line[n] = '\0';
  brasa_semihost_write(line);
}

int Fail(const char* what, const brasa::Status& status) {
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
  // The message is the fixed kStrippedMessage: the code says more, and
  // printing it builds no std::string.
  Print("FAIL: %s: status code %d\n", what, static_cast<int>(status.code()));
#else
  Print("FAIL: %s: %s\n", what, status.message().c_str());
#endif
  return 1;
}

void PrintBytes(const char* label, const unsigned char* bytes, size_t size) {
  Print("  %s:", label);
  for (size_t i = 0; i < size && i < 16; ++i) Print(" %d", static_cast<int8_t>(bytes[i]));
  Print(size > 16 ? " ...\n" : "\n");
}

// A loop of known length timed like Invoke: checks that a SysTick tick is the
// number of instructions the tick rate implies (only under -icount shift=0).
uint64_t CalibrationTicks(uint32_t iterations) {
  const uint64_t start = Ticks();
  __asm__ volatile(
      "1: subs %0, %0, #1\n\t"
      "bne 1b"
      : "+r"(iterations)::"cc");
  return Ticks() - start;
}

void OutOfSetupMemory(size_t requested_bytes) {
  const brasa::StaticMemoryStats stats = brasa::GetStaticMemoryStats();
  Print("FAIL: static setup memory exhausted: %u bytes requested, %u of %u in use\n",
        static_cast<unsigned>(requested_bytes), static_cast<unsigned>(stats.in_use),
        static_cast<unsigned>(stats.capacity));
  brasa_semihost_exit(1);
}

}  // namespace

void UseSetupMemory(void* buffer, size_t size) {
  brasa::SetOutOfMemoryHandler(OutOfSetupMemory);
  if (!brasa::UseStaticMemory(buffer, size)) {
    Print("FAIL: UseStaticMemory refused the buffer\n");
    brasa_semihost_exit(1);
  }
}

int RunFirmware(const Firmware& firmware) {
  PaintStack();
  StartTicks();
  Print("%s: model %u bytes, %d case(s)\n", firmware.name,
        static_cast<unsigned>(firmware.model_size), firmware.num_cases);

  auto model = brasa::Model::FromBuffer(firmware.model, firmware.model_size);
  if (!model.ok()) return Fail("Model::FromBuffer", model.status());
  const size_t model_memory = brasa::GetStaticMemoryStats().high_water;
  brasa::InterpreterOptions options;
  options.arena = firmware.arena;
  options.arena_size = firmware.arena_size;
  options.preserve_inputs = false;  // every case copies its input in before Invoke
  auto interpreter = brasa::Interpreter::Create(**model, *firmware.resolver, options);
  if (!interpreter.ok()) return Fail("Interpreter::Create", interpreter.status());
  brasa::Interpreter& runner = **interpreter;
  const size_t create_memory = brasa::GetStaticMemoryStats().high_water;
  const brasa::Status allocated = runner.AllocateTensors();
  if (!allocated.ok()) return Fail("AllocateTensors", allocated);
  const brasa::StaticMemoryStats setup = brasa::GetStaticMemoryStats();

  bool all_passed = true;
  uint64_t most_ticks = 0;
  for (int c = 0; c < firmware.num_cases; ++c) {
    const GoldenCase& golden = firmware.cases[c];
    const brasa::Tensor* input = runner.input(0);
    const brasa::Tensor* output = runner.output(0);
    if (input->bytes != golden.input_size || output->bytes != golden.expected_size) {
      Print("FAIL %s: input %u/%u bytes, output %u/%u bytes (model/golden)\n", golden.name,
            static_cast<unsigned>(input->bytes), static_cast<unsigned>(golden.input_size),
            static_cast<unsigned>(output->bytes), static_cast<unsigned>(golden.expected_size));
      all_passed = false;
      continue;
    }
    std::memcpy(runner.input_data(0), golden.input, golden.input_size);
    const uint32_t calls_before = brasa::GetStaticMemoryStats().allocations;
    const uint64_t start = Ticks();
    const brasa::Status invoked = runner.Invoke();
    const uint64_t ticks = Ticks() - start;
    const uint32_t invoke_calls = brasa::GetStaticMemoryStats().allocations - calls_before;
    if (!invoked.ok()) return Fail("Invoke", invoked);
    if (ticks > most_ticks) most_ticks = ticks;

    const bool same = std::memcmp(output->data, golden.expected, golden.expected_size) == 0;
    const bool no_heap = invoke_calls == 0;
    Print("%s %s: output %s TensorFlow Lite's; Invoke allocations: %u\n",
          same && no_heap ? "PASS" : "FAIL", golden.name,
          same ? "matches, byte for byte," : "DIFFERS from", static_cast<unsigned>(invoke_calls));
    PrintBytes("output  ", static_cast<const unsigned char*>(output->data), output->bytes);
    PrintBytes("expected", golden.expected, golden.expected_size);
    Print("  Invoke: %lu SysTick ticks = %lu instructions under -icount shift=0\n",
          static_cast<unsigned long>(ticks),
          static_cast<unsigned long>(ticks * (1000000000u / kSysTickHz)));
    all_passed = all_passed && same && no_heap;
  }

  constexpr uint32_t kCalibrationIterations = 1000000;  // 2 instructions each
  const uint64_t calibration = CalibrationTicks(kCalibrationIterations);
  Print("calibration: a %lu-instruction loop took %lu ticks (%lu instructions)\n",
        static_cast<unsigned long>(2 * kCalibrationIterations),
        static_cast<unsigned long>(calibration),
        static_cast<unsigned long>(calibration * (1000000000u / kSysTickHz)));
  const brasa::StaticMemoryStats after = brasa::GetStaticMemoryStats();
  // The persistent data (op data, options, variables) sits at the arena's end;
  // the static arena is sized so that all of it fits there.
  const brasa::internal::ArenaLayout plan = brasa::internal::MainArenaSummary(runner);
  Print("memory: arena %u bytes (planned %u, lower bound %u; persistent %u at its end; "
        "static buffer %u), setup memory high-water %u bytes (static buffer %u; "
        "%u in use after setup), stack %u bytes\n",
        static_cast<unsigned>(runner.arena_bytes() + runner.persistent_bytes()),
        static_cast<unsigned>(runner.arena_bytes()),
        static_cast<unsigned>(runner.arena_lower_bound()),
        static_cast<unsigned>(runner.persistent_bytes()),
        static_cast<unsigned>(firmware.arena_size),
        static_cast<unsigned>(after.high_water), static_cast<unsigned>(after.capacity),
        static_cast<unsigned>(setup.in_use), static_cast<unsigned>(StackUsedBytes()));
  Print("in-place nodes: %u (outputs written over their inputs); lower bound without them %u\n",
        static_cast<unsigned>(plan.in_place_nodes),
        static_cast<unsigned>(plan.lower_bound_without_in_place));
  Print("setup memory high-water: %u after Model::FromBuffer, %u after Interpreter::Create, "
        "%u after AllocateTensors, %u allocations\n",
        static_cast<unsigned>(model_memory), static_cast<unsigned>(create_memory),
        static_cast<unsigned>(setup.high_water), static_cast<unsigned>(setup.allocations));
  Print("%s: %s\n", firmware.name, all_passed ? "PASS" : "FAIL");
  return all_passed ? 0 : 1;
}

}  // namespace brasa_port
