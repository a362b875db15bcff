// src/runtime/fold_pad.cc on a real model: MobileNetV2's converter-written
// PAD nodes (before its stride-2 convolutions) are folded into the
// convolutions, the outputs stay byte-identical to the reference kernels
// running the model as written, and the PAD outputs take no arena.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

struct ModelRun {
  int pads = 0;
  int nodes = 0;
  std::vector<int> pad_outputs;  // tensor indices
  int unplanned = 0;  // of the tensors asked about, how many have no memory
  std::vector<uint8_t> output;
};

ModelRun RunMobileNetV2(bool reference, int threads, const std::vector<int>& ask_unplanned = {}) {
  ModelRun run;
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) +
                               "/mobilenet_v2_quantized_1x3x224x224.tflite");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return run;
  InterpreterOptions options;
  options.use_reference_kernels = reference;
  options.num_threads = threads;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return run;
  Interpreter& runner = **interpreter;
  EXPECT_TRUE(runner.AllocateTensors().ok());
  run.nodes = runner.num_nodes();
  for (int n = 0; n < runner.num_nodes(); ++n) {
    if (runner.node(n).op_name != "PAD") continue;
    ++run.pads;
    run.pad_outputs.push_back(runner.node(n).outputs[0]);
  }
  for (int t : ask_unplanned) run.unplanned += runner.tensor(t)->data == nullptr ? 1 : 0;
  const Tensor* input = runner.input(0);
  uint8_t* input_bytes = static_cast<uint8_t*>(runner.input_data(0));
  uint32_t state = 7;
  for (size_t b = 0; b < input->bytes; ++b) {
    state = state * 1664525u + 1013904223u;
    input_bytes[b] = static_cast<uint8_t>(state >> 24);
  }
  EXPECT_TRUE(runner.Invoke().ok());
  const Tensor* output = runner.output(0);
  const uint8_t* bytes = static_cast<const uint8_t*>(output->data);
  run.output.assign(bytes, bytes + output->bytes);
  return run;
}

TEST(FoldPadTest, MobileNetV2PadsFoldIntoConvolutionsWithIdenticalOutputs) {
  const ModelRun reference = RunMobileNetV2(/*reference=*/true, 1);
  ASSERT_GT(reference.pads, 0) << "the reference mode runs the model as written";
  for (int threads : {1, 2}) {
    const ModelRun folded = RunMobileNetV2(/*reference=*/false, threads, reference.pad_outputs);
    EXPECT_EQ(folded.pads, 0);
    EXPECT_EQ(folded.nodes, reference.nodes - reference.pads);
    EXPECT_EQ(folded.unplanned, reference.pads) << "a folded PAD's output still has memory";
    ASSERT_FALSE(folded.output.empty());
    EXPECT_EQ(folded.output, reference.output) << threads << " threads";
  }
}

}  // namespace
}  // namespace brasa
