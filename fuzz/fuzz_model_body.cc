#include "fuzz/fuzz_model_body.h"

#include <cstdlib>
#include <cstring>
#include <memory>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/op_resolver.h"

namespace brasa {
namespace fuzz {
namespace {

// Small enough that no input makes a run take long or use much memory (a
// 64 MB arena let one LUT activation over 60M elements run 24 s under ASan).
constexpr size_t kMaxArenaBytes = size_t{8} << 20;
constexpr size_t kMaxPersistentBytes = size_t{64} << 20;
constexpr int64_t kMaxWhileIterations = 1000;
// person_detect needs 7 x 10^6 multiply-accumulates; a depthwise convolution
// of 2.27 x 10^12 timed the fuzzer out before the limit existed.
constexpr int64_t kMaxInvokeMacs = int64_t{1} << 26;

// Fills every input with bytes derived from the model bytes, so the fuzzer
// steers the input values too (xorshift, seeded from the data).
void FillInputs(Interpreter& interpreter, const uint8_t* data, size_t size) {
  uint64_t state = 0x9e3779b97f4a7c15ull ^ size;
  for (size_t i = 0; i < size; i += 97) state = (state ^ data[i]) * 0x100000001b3ull;
  for (int i = 0; i < interpreter.num_inputs(); ++i) {
    const Tensor* input = interpreter.input(i);
    if (input == nullptr || input->data == nullptr) continue;
    uint8_t* bytes = static_cast<uint8_t*>(interpreter.input_data(i));
    // A bool tensor holds 0 or 1 (the API's contract, as in NumPy).
    const uint8_t mask = input->type == DataType::kBool ? 1 : 0xff;
    for (size_t b = 0; b < input->bytes; ++b) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      bytes[b] = static_cast<uint8_t>(state) & mask;
    }
  }
}

}  // namespace

void RunModelBytes(const uint8_t* data, size_t size) {
  // Model::FromBuffer wants 16-byte aligned bytes that outlive the model.
  std::unique_ptr<uint8_t, decltype(&std::free)> copy(
      static_cast<uint8_t*>(std::aligned_alloc(16, (size + 15) / 16 * 16 + 16)), &std::free);
  if (size > 0) std::memcpy(copy.get(), data, size);
  auto model = Model::FromBuffer(copy.get(), size);
  if (!model.ok()) return;
  static const OpResolver* resolver = new OpResolver(OpResolver::WithAllBuiltins());
  InterpreterOptions options;
  options.max_arena_bytes = kMaxArenaBytes;
  options.max_while_iterations = kMaxWhileIterations;
  options.max_persistent_bytes = kMaxPersistentBytes;
  options.max_invoke_macs = kMaxInvokeMacs;
  auto interpreter = Interpreter::Create(**model, *resolver, options);
  if (!interpreter.ok()) return;
  if (!(*interpreter)->AllocateTensors().ok()) return;
  // Zero inputs first (arena memory is zero-initialized or not: set it).
  for (int i = 0; i < (*interpreter)->num_inputs(); ++i) {
    const Tensor* input = (*interpreter)->input(i);
    if (input != nullptr && input->data != nullptr) {
      std::memset((*interpreter)->input_data(i), 0, input->bytes);
    }
  }
  if (!(*interpreter)->Invoke().ok()) return;
  FillInputs(**interpreter, data, size);
  (void)(*interpreter)->Invoke();
}

}  // namespace fuzz
}  // namespace brasa
