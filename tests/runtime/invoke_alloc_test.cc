// Invoke must not allocate: this binary replaces operator new and malloc with
// counting versions and runs every shared model with counting switched on
// around Invoke() only (under a sanitizer, its allocation hook counts).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "brasa/interpreter.h"
#include "tools/npy.h"

namespace {

std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
void* volatile g_escaped[2];  // CountsAllocations' allocations, kept observable

void Count() {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
}

}  // namespace

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BRASA_SANITIZED_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BRASA_SANITIZED_ALLOCATOR 1
#endif

#ifdef BRASA_SANITIZED_ALLOCATOR
// Under a sanitizer the allocator is the sanitizer's: replacing malloc would
// bypass it (and crash at start-up), and clang-14's ASan refuses allocation
// hooks (__sanitizer_install_malloc_and_free_hooks returns 0, so nothing was
// counted). So only operator new is replaced, on top of the sanitizer's
// malloc: brasa allocates through new (containers, make_unique, new[]).
void* operator new(size_t size) {
  Count();
  void* p = std::malloc(size ? size : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  Count();
  return std::malloc(size ? size : 1);
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#else
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* pointer, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* pointer);
}


extern "C" {
void* malloc(size_t size) {
  Count();
  return __libc_malloc(size);
}
void* calloc(size_t count, size_t size) {
  Count();
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, size_t size) {
  Count();
  return __libc_realloc(pointer, size);
}
void* memalign(size_t alignment, size_t size) {
  Count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) {
  Count();
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : ENOMEM;
}
void* aligned_alloc(size_t alignment, size_t size) {
  Count();
  return __libc_memalign(alignment, size);
}
void free(void* pointer) { __libc_free(pointer); }
}

void* operator new(size_t size) {
  Count();
  void* p = __libc_malloc(size ? size : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  Count();
  return __libc_malloc(size ? size : 1);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { __libc_free(p); }
#endif  // BRASA_SANITIZED_ALLOCATOR

namespace brasa {
namespace {

// (model file, threads): the thread pool must not allocate per Invoke either.
class InvokeAllocationTest
    : public ::testing::TestWithParam<std::tuple<const char*, int>> {};

TEST(InvokeAllocationCounterTest, CountsAllocations) {
  // The counter itself must work, or the model tests below prove nothing.
  counting = true;
  allocations = 0;
  std::string* text = new std::string(100, 'x');
  void* raw = std::malloc(64);
  // Escaped through volatile globals: clang -O2 otherwise removes an unused
  // malloc/free or new/delete pair, and the counter would see nothing.
  g_escaped[0] = text;
  g_escaped[1] = raw;
  counting = false;
  const long seen = allocations.load();
  std::free(raw);
  delete text;
  EXPECT_GE(seen, 2);
}

TEST_P(InvokeAllocationTest, InvokeAndResetVariablesDoNotAllocate) {
  const char* name = std::get<0>(GetParam());
  const std::string path = std::string(BRASA_SHARED_MODELS_DIR) + "/" + name;
  auto model = Model::FromFile(path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  InterpreterOptions options;
  options.num_threads = std::get<1>(GetParam());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  for (int i = 0; i < (*interpreter)->num_inputs(); ++i) {
    const Tensor* input = (*interpreter)->input(i);
    uint8_t* bytes = static_cast<uint8_t*>((*interpreter)->input_data(i));
    for (size_t b = 0; b < input->bytes; ++b) {
      bytes[b] = static_cast<uint8_t>(b * 7);
    }
  }
  ASSERT_TRUE((*interpreter)->Invoke().ok());  // a first run, outside counting

  counting = true;
  allocations = 0;
  Status status = (*interpreter)->Invoke();
  Status reset = (*interpreter)->ResetVariables();
  counting = false;
  EXPECT_TRUE(reset.ok()) << reset.ToString();
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(allocations.load(), 0) << name << " with " << options.num_threads
                                   << " threads: Invoke or ResetVariables allocated";
}

// Invoke's check that the inputs still have their planned shapes builds
// the shape text only for its error: a shape whose text is too long for
// std::string's inline buffer must not allocate on a passing Invoke.
TEST(InvokeAllocationShapeCheckTest, LongInputShapeDoesNotAllocate) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/simple_add_model.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  const Shape long_shape = {1, 1, 1, 128, 128, 1};  // "[1,1,1,128,128,1]": 17 characters
  for (int i = 0; i < runner.num_inputs(); ++i) {
    ASSERT_TRUE(runner.ResizeInputTensor(i, long_shape).ok());
  }
  const Status allocated = runner.AllocateTensors();
  ASSERT_TRUE(allocated.ok()) << allocated.ToString();
  ASSERT_TRUE(runner.Invoke().ok());  // a first run, outside counting

  counting = true;
  allocations = 0;
  Status status = runner.Invoke();
  counting = false;
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(allocations.load(), 0) << "Invoke with a long input shape allocated";
}

// The profiler hook adds no allocation of its own (the callbacks here only
// count), so `brasa bench --profile` measures the same allocation-free Invoke.
void CountCall(void* calls, int /*position*/) { ++*static_cast<long*>(calls); }

TEST(InvokeAllocationProfilerTest, ProfiledInvokeDoesNotAllocate) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  long calls = 0;
  NodeProfiler profiler;
  profiler.node_begin = &CountCall;
  profiler.node_end = &CountCall;
  profiler.user_data = &calls;
  InterpreterOptions options;
  options.profiler = &profiler;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  ASSERT_TRUE((*interpreter)->Invoke().ok());  // a first run, outside counting

  calls = 0;
  counting = true;
  allocations = 0;
  Status status = (*interpreter)->Invoke();
  counting = false;
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(allocations.load(), 0) << "profiled Invoke allocated";
  EXPECT_EQ(calls, 2L * (*interpreter)->num_nodes());
}

INSTANTIATE_TEST_SUITE_P(
    SharedModels, InvokeAllocationTest,
    ::testing::Combine(::testing::Values("hello_world_float.tflite", "hello_world_int8.tflite",
                                         "person_detect.tflite", "micro_speech_quantized.tflite",
                                         "mobilenet_v2_quantized_1x3x224x224.tflite",
                                         "simple_add_model.tflite",
                                         "mobilenet_v1_0.25_128_quant.tflite",
                                         "keyword_scrambled.tflite", "trained_lstm.tflite",
                                         "trained_lstm_int8.tflite"),
                       ::testing::Values(1, 2)));

// Runs a case directory (model.tflite with its recorded inputs, so that
// loops really iterate) and counts allocations in ResetVariables + Invoke.
void ExpectCaseInvokeDoesNotAllocate(const std::string& dir, int num_threads) {
  auto model = Model::FromFile(dir + "model.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  InterpreterOptions options;
  options.num_threads = num_threads;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  ASSERT_TRUE(runner.AllocateTensors().ok());
  for (int i = 0; i < runner.num_inputs(); ++i) {
    auto input = tools::ReadNpy(dir + "input_" + std::to_string(i) + ".npy");
    ASSERT_TRUE(input.ok()) << input.status().ToString();
    ASSERT_EQ(input->bytes.size(), runner.input(i)->bytes);
    std::memcpy(runner.input(i)->data, input->bytes.data(), input->bytes.size());
  }
  ASSERT_TRUE(runner.Invoke().ok());  // a first run, outside counting

  counting = true;
  allocations = 0;
  Status reset = runner.ResetVariables();
  Status status = runner.Invoke();
  counting = false;
  EXPECT_TRUE(reset.ok()) << reset.ToString();
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(allocations.load(), 0) << dir << " with " << num_threads
                                   << " threads: Invoke allocated";
}

// Control flow and resource variables (conformance cases of the control
// family): IF and WHILE run subgraphs planned in the same arena; CALL_ONCE,
// after ResetVariables(), runs its initializer inside the counted Invoke.
class ControlFlowInvokeAllocationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ControlFlowInvokeAllocationTest, InvokeDoesNotAllocate) {
  ExpectCaseInvokeDoesNotAllocate(
      std::string(BRASA_SOURCE_DIR) + "/tests/conformance/cases/" + GetParam() + "/", 1);
}

INSTANTIATE_TEST_SUITE_P(ControlFlowCases, ControlFlowInvokeAllocationTest,
                         ::testing::Values("if_then_branch_f32", "while_shift_3_passes_f32",
                                           "if_while_nested_then_2_passes_f32",
                                           "variable_accumulate_f32",
                                           "variable_in_while_body_f32"));

// The model-level cases (tests/models/cases: MobileNets, EfficientNet-style,
// LSTM, U-Net; float32 and int8), with 1 and 2 threads.
std::vector<std::string> ModelCases() {
  std::vector<std::string> names;
  std::error_code error;
  const std::string dir = std::string(BRASA_SOURCE_DIR) + "/tests/models/cases";
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back("no_model_cases_found");  // fails, never passes empty
  return names;
}

class ModelCaseInvokeAllocationTest
    : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(ModelCaseInvokeAllocationTest, InvokeDoesNotAllocate) {
  ExpectCaseInvokeDoesNotAllocate(std::string(BRASA_SOURCE_DIR) + "/tests/models/cases/" +
                                      std::get<0>(GetParam()) + "/",
                                  std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    ModelCases, ModelCaseInvokeAllocationTest,
    ::testing::Combine(::testing::ValuesIn(ModelCases()), ::testing::Values(1, 2)),
    [](const ::testing::TestParamInfo<std::tuple<std::string, int>>& info) {
      std::string name = std::get<0>(info.param);
      std::replace_if(name.begin(), name.end(),
                      [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); },
                      '_');
      return name + "_threads" + std::to_string(std::get<1>(info.param));
    });

}  // namespace
}  // namespace brasa
