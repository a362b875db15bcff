// Google Benchmark: Invoke latency of the shared TensorFlow Lite models, and
// of single ops at a few sizes, through the real interpreter path.
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <string>

#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

struct Loaded {
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
};

bool Prepare(Loaded* loaded, benchmark::State& state) {
  auto interpreter = Interpreter::Create(*loaded->model, OpResolver::WithAllBuiltins());
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) {
    state.SkipWithError("cannot prepare the model");
    return false;
  }
  loaded->interpreter = std::move(interpreter.value());
  for (int i = 0; i < loaded->interpreter->num_inputs(); ++i) {
    const Tensor* input = loaded->interpreter->input(i);
    uint8_t* bytes = static_cast<uint8_t*>(loaded->interpreter->input_data(i));
    for (size_t b = 0; b < input->bytes; ++b) bytes[b] = static_cast<uint8_t>(b * 13);
  }
  return true;
}

void RunInvokes(Loaded& loaded, benchmark::State& state) {
  for (auto _ : state) {
    Status status = loaded.interpreter->Invoke();
    if (!status.ok()) state.SkipWithError(status.message().c_str());
  }
  state.counters["arena_bytes"] = static_cast<double>(loaded.interpreter->arena_bytes());
}

void BM_Model(benchmark::State& state, const char* file) {
  Loaded loaded;
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/" + file);
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  loaded.model = std::move(model.value());
  if (Prepare(&loaded, state)) RunInvokes(loaded, state);
}

BENCHMARK_CAPTURE(BM_Model, hello_world_int8, "hello_world_int8.tflite");
BENCHMARK_CAPTURE(BM_Model, micro_speech, "micro_speech_quantized.tflite");
BENCHMARK_CAPTURE(BM_Model, person_detect, "person_detect.tflite")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, mobilenet_v1_025_uint8, "mobilenet_v1_0.25_128_quant.tflite")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, mobilenet_v2_int8, "mobilenet_v2_quantized_1x3x224x224.tflite")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, simple_add_int8, "simple_add_model.tflite");

// One elementwise ADD of two [1, n] tensors, float32 or int8.
void BM_Add(benchmark::State& state, tflite::TensorType type) {
  const int32_t n = static_cast<int32_t>(state.range(0));
  testing::ModelBuilder builder;
  const int a = builder.AddTensor(type, {1, n}), b = builder.AddTensor(type, {1, n});
  const int c = builder.AddTensor(type, {1, n});
  if (type == tflite::TensorType::INT8) {
    for (int t : {a, b, c}) {
      builder.tensor(t).scales = {t == c ? 0.1f : 0.05f};
      builder.tensor(t).zero_points = {t == a ? 3 : -2};
    }
  }
  builder.AddOperator({builder.AddOperatorCode(0), {a, b}, {c}});
  builder.SetInputs({a, b});
  builder.SetOutputs({c});
  testing::AlignedBytes bytes = builder.Finish();
  Loaded loaded;
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  loaded.model = std::move(model.value());
  if (!Prepare(&loaded, state)) return;
  RunInvokes(loaded, state);
  state.SetItemsProcessed(state.iterations() * n);
}

BENCHMARK_CAPTURE(BM_Add, float32, tflite::TensorType::FLOAT32)->Arg(1 << 10)->Arg(1 << 16);
BENCHMARK_CAPTURE(BM_Add, int8, tflite::TensorType::INT8)->Arg(1 << 10)->Arg(1 << 16);

}  // namespace
}  // namespace brasa
