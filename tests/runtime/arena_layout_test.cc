// src/runtime/arena_layout.h: the read-only view of the arena plan that
// `brasa inspect --arena-svg` draws must be what the interpreter bound.
#include "src/runtime/arena_layout.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

TEST(ArenaLayoutTest, MatchesTheTensorsTheInterpreterBound) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // A caller-owned arena, so every tensor's offset can be read off its pointer.
  alignas(16) static uint8_t arena[1 << 20];
  InterpreterOptions options;
  options.arena = arena;
  options.arena_size = sizeof(arena);
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  EXPECT_FALSE(internal::MainArenaLayout(**interpreter).planned);  // before AllocateTensors
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());

  const internal::ArenaLayout layout = internal::MainArenaLayout(**interpreter);
  ASSERT_TRUE(layout.planned);
  EXPECT_EQ(layout.num_steps, (*interpreter)->num_nodes());
  EXPECT_EQ(layout.arena_bytes, (*interpreter)->arena_bytes());  // one subgraph
  EXPECT_EQ(layout.lower_bound, (*interpreter)->arena_lower_bound());
  int tensors = 0;
  for (const internal::PlannedBuffer& b : layout.buffers) {
    EXPECT_LE(b.offset + b.bytes, layout.arena_bytes);
    EXPECT_LE(b.first_step, b.last_step);
    EXPECT_LE(b.last_step, layout.num_steps);
    if (b.tensor >= 0) {
      ++tensors;
      const Tensor* tensor = (*interpreter)->tensor(b.tensor);
      ASSERT_NE(tensor, nullptr);
      EXPECT_EQ(static_cast<const uint8_t*>(tensor->data), arena + b.offset) << tensor->name;
      EXPECT_EQ(tensor->bytes, b.bytes) << tensor->name;
    } else {  // a node's scratch lives during that node only
      EXPECT_GE(b.node, 0);
      EXPECT_EQ(b.first_step, b.node);
      EXPECT_EQ(b.last_step, b.node);
    }
  }
  EXPECT_GT(tensors, 10);
  // Buffers alive at the same step never overlap.
  for (size_t i = 0; i < layout.buffers.size(); ++i) {
    for (size_t j = i + 1; j < layout.buffers.size(); ++j) {
      const internal::PlannedBuffer& a = layout.buffers[i];
      const internal::PlannedBuffer& b = layout.buffers[j];
      const bool same_time = a.first_step <= b.last_step && b.first_step <= a.last_step;
      const bool same_bytes = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
      EXPECT_FALSE(same_time && same_bytes && a.bytes > 0 && b.bytes > 0) << i << " and " << j;
    }
  }
  // The graph input lives through every step.
  const int input = (*interpreter)->input_tensor_index(0);
  bool found = false;
  for (const internal::PlannedBuffer& b : layout.buffers) {
    if (b.tensor != input) continue;
    found = true;
    EXPECT_EQ(b.first_step, 0);
    EXPECT_EQ(b.last_step, layout.num_steps);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace brasa
