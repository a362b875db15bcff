// src/runtime/buffer_aliases.cc on micro_speech, whose first node RESHAPEs the
// 1x1960 input into 1x49x40x1: brasa's RESHAPE output shares the input's
// arena buffer (the arena shrinks by its 1,960 bytes), a RESHAPE kernel the
// application registers itself gets a buffer of its own, and the outputs are
// the same either way.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "brasa/builtin_kernels.h"
#include "brasa/interpreter.h"
#include "src/planner/arena_planner.h"

namespace brasa {
namespace {

// A RESHAPE of the application's own, which copies without checking whether
// the buffers are the same: it must not be given a shared one.
Status CopyingReshapeEval(KernelContext& context) {
  std::memcpy(context.output(0)->data, context.input(0)->data, context.output(0)->bytes);
  return Status::Ok();
}

struct MicroSpeechRun {
  bool shares = false;
  size_t arena_bytes = 0;
  size_t lower_bound = 0;
  std::vector<uint8_t> output;
};

MicroSpeechRun RunMicroSpeech(bool own_reshape) {
  MicroSpeechRun run;
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) +
                               "/micro_speech_quantized.tflite");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return run;
  OpResolver resolver = OpResolver::WithAllBuiltins();
  static const OpKernel copying = {"RESHAPE", Register_RESHAPE()->prepare, CopyingReshapeEval};
  if (own_reshape) resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kReshape), &copying);
  auto interpreter = Interpreter::Create(**model, resolver);
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return run;
  Interpreter& runner = **interpreter;
  EXPECT_TRUE(runner.AllocateTensors().ok());
  const NodeInfo reshape = runner.node(0);
  EXPECT_EQ(reshape.op_name, "RESHAPE");
  run.shares = runner.tensor(reshape.inputs[0])->data == runner.tensor(reshape.outputs[0])->data;
  run.arena_bytes = runner.arena_bytes();
  run.lower_bound = runner.arena_lower_bound();
  const Tensor* input = runner.input(0);
  uint8_t* input_bytes = static_cast<uint8_t*>(runner.input_data(0));
  for (size_t b = 0; b < input->bytes; ++b) input_bytes[b] = static_cast<uint8_t>(b * 37 + 11);
  EXPECT_TRUE(runner.Invoke().ok());
  const uint8_t* bytes = runner.output(0)->data_as<uint8_t>();
  run.output.assign(bytes, bytes + runner.output(0)->bytes);
  return run;
}

TEST(BufferAliasesTest, ReshapeSharesItsInputBufferOnlyWithBrasasKernel) {
  const MicroSpeechRun shared = RunMicroSpeech(/*own_reshape=*/false);
  const MicroSpeechRun copied = RunMicroSpeech(/*own_reshape=*/true);
  EXPECT_TRUE(shared.shares);
  EXPECT_FALSE(copied.shares);
  // The reshaped 1x49x40x1 int8 input (1,960 bytes, 1,968 or 1,984 as the
  // planner rounds buffers to kArenaAlignment) is gone from every step it was
  // live in, so the peak falls by up to that much (which step peaks depends
  // on the kernels' scratch, so by a little less on some targets).
  const size_t rounded = (1960 + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
  ASSERT_LT(shared.lower_bound, copied.lower_bound);
  EXPECT_GE(copied.lower_bound - shared.lower_bound, 1900u);
  EXPECT_LE(copied.lower_bound - shared.lower_bound, rounded);
  EXPECT_LT(shared.arena_bytes, copied.arena_bytes);
  ASSERT_FALSE(shared.output.empty());
  EXPECT_EQ(shared.output, copied.output);
}

}  // namespace
}  // namespace brasa
