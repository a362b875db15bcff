// What keeps a microcontroller's RAM small, checked on the host (the same
// code): quantization scales read in place from the model (ScaleList), and
// InterpreterOptions::preserve_inputs = false letting the planner reuse an
// input's buffer after its last reader.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "brasa/interpreter.h"
#include "src/runtime/arena_layout.h"
#include "src/runtime/graph_set.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr int32_t kAdd = 0;

TEST(ScaleListTest, OwnedListsReadLikeVectors) {
  ScaleList list = {0.5f, 0.25f};
  EXPECT_FALSE(list.is_view());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1], 0.25f);
  list.push_back(2.0f);
  EXPECT_EQ(list.back(), 2.0f);
  EXPECT_EQ(list.ToVector(), (std::vector<float>{0.5f, 0.25f, 2.0f}));
  const ScaleList from_vector = std::vector<float>{0.5f, 0.25f, 2.0f};
  EXPECT_EQ(list, from_vector);
  EXPECT_NE(list, ScaleList({0.5f}));
  EXPECT_TRUE(ScaleList().empty());
}

TEST(ScaleListTest, ViewsReadInPlaceAndCopyOnWrite) {
  const float model_bytes[3] = {1.0f, 2.0f, 3.0f};
  ScaleList view = ScaleList::View(model_bytes, 3);
  EXPECT_TRUE(view.is_view());
  EXPECT_EQ(view.data(), model_bytes);
  const ScaleList copy = view;  // copies the pointer, not the floats
  EXPECT_EQ(copy.data(), model_bytes);
  EXPECT_EQ(copy, ScaleList({1.0f, 2.0f, 3.0f}));
  view.push_back(4.0f);  // becomes its own array; the model's bytes stay as they were
  EXPECT_FALSE(view.is_view());
  EXPECT_EQ(view, ScaleList({1.0f, 2.0f, 3.0f, 4.0f}));
  EXPECT_EQ(model_bytes[2], 3.0f);
  view.assign(model_bytes, model_bytes + 1);
  EXPECT_EQ(view, ScaleList({1.0f}));
}

// c = a + b, then e = c + d: int8 [1, n], all scales 0.5.
AlignedBytes TwoAddsModel(int32_t n) {
  ModelBuilder builder;
  auto quantized = [&](const char* name) {
    testing::TensorSpec spec;
    spec.type = TensorType::INT8;
    spec.shape = {1, n};
    spec.name = name;
    spec.scales = {0.5f};
    spec.zero_points = {0};
    return builder.AddTensor(spec);
  };
  const int a = quantized("a"), b = quantized("b"), c = quantized("c");
  const int d = quantized("d"), e = quantized("e");
  const int32_t code = builder.AddOperatorCode(kAdd);
  for (const std::vector<int>& io : {std::vector<int>{a, b, c}, std::vector<int>{c, d, e}}) {
    OperatorSpec add;
    add.opcode_index = code;
    add.inputs = {io[0], io[1]};
    add.outputs = {io[2]};
    builder.AddOperator(add);
  }
  builder.SetInputs({a, b, d});
  builder.SetOutputs({e});
  return builder.Finish();
}

struct Loaded {
  AlignedBytes bytes;
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
};

void Load(bool preserve_inputs, Loaded* loaded) {
  loaded->bytes = TwoAddsModel(64);
  auto model = Model::FromBuffer(loaded->bytes.data(), loaded->bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  loaded->model = std::move(model.value());
  InterpreterOptions options;
  options.preserve_inputs = preserve_inputs;
  static const OpResolver resolver = OpResolver::WithAllBuiltins();
  auto interpreter = Interpreter::Create(*loaded->model, resolver, options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  loaded->interpreter = std::move(interpreter.value());
  ASSERT_TRUE(loaded->interpreter->AllocateTensors().ok());
}

TEST(MemoryFootprintTest, ModelScalesAreReadInPlace) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(true, &m));
  const Quantization& q = m.interpreter->input(0)->quantization;
  EXPECT_TRUE(q.scales.is_view());
  EXPECT_EQ(q.scales, ScaleList({0.5f}));
  const auto* begin = static_cast<const uint8_t*>(m.bytes.data());
  const auto* scale = reinterpret_cast<const uint8_t*>(q.scales.data());
  EXPECT_TRUE(scale >= begin && scale < begin + m.bytes.size()) << "scale not in the model";
}

TEST(CompactListTest, OneElementInlineAndCopiesIndependent) {
  CompactList<int32_t> one = {7};
  EXPECT_FALSE(one.is_view());
  EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(one.front(), 7);
  CompactList<int32_t> copy = one;  // inline: the copy reads its own element
  EXPECT_NE(copy.data(), one.data());
  one.Set(0, 9);
  EXPECT_EQ(copy[0], 7);
  EXPECT_EQ(one[0], 9);
  const CompactList<int32_t>& same = one;
  one = same;  // self-assignment keeps the list
  EXPECT_EQ(one, CompactList<int32_t>({9}));
  one.assign(3, one[0]);  // the value read before the list changes
  EXPECT_EQ(one, CompactList<int32_t>({9, 9, 9}));
  one.assign(one.begin() + 1, one.end());
  EXPECT_EQ(one.ToVector(), (std::vector<int32_t>{9, 9}));
  CompactList<int32_t> moved = std::move(one);
  EXPECT_EQ(moved, CompactList<int32_t>({9, 9}));
  EXPECT_TRUE(one.empty());  // NOLINT: a moved-from list is empty
  const CompactList<int32_t> from_ints = std::vector<int>{1, -1};
  EXPECT_EQ(from_ints, CompactList<int32_t>({1, -1}));
}

TEST(CompactListTest, SetCopiesAViewFirst) {
  const int32_t model_bytes[3] = {4, 5, 6};
  CompactList<int32_t> view = CompactList<int32_t>::View(model_bytes, 3);
  EXPECT_TRUE(view.is_view());
  view.Set(0, 1);
  EXPECT_FALSE(view.is_view());
  EXPECT_EQ(view, CompactList<int32_t>({1, 5, 6}));
  EXPECT_EQ(model_bytes[0], 4);
}

// CompactList<float> and CompactList<int32_t> share one untyped storage
// (its moves, frees and views); each kind of list moves and copies intact.
TEST(CompactListTest, FloatListsMoveAndCopyEachStorageKind) {
  static_assert(sizeof(CompactList<float>) == sizeof(CompactList<int32_t>), "one storage");
  static_assert(sizeof(CompactList<float>) <= sizeof(void*) + 8, "pointer, size and one value");
  const float model_scales[2] = {0.5f, 0.25f};
  CompactList<float> view = CompactList<float>::View(model_scales, 2);
  CompactList<float> view_copy = view;
  EXPECT_TRUE(view_copy.is_view());
  EXPECT_EQ(view_copy.data(), model_scales);
  CompactList<float> heap = {1.5f, -2.0f, 3.25f};
  CompactList<float> heap_copy = heap;
  EXPECT_NE(heap_copy.data(), heap.data());
  heap.Set(0, 7.0f);
  EXPECT_EQ(heap_copy, CompactList<float>({1.5f, -2.0f, 3.25f}));
  const float* heap_data = heap.data();
  CompactList<float> heap_moved = std::move(heap);
  EXPECT_EQ(heap_moved.data(), heap_data);  // the array changes hands, not copied
  EXPECT_TRUE(heap.empty());                // NOLINT: a moved-from list is empty
  EXPECT_EQ(heap.data(), heap.begin());     // NOLINT
  CompactList<float> one = {0.125f};
  CompactList<float> one_moved = std::move(one);
  EXPECT_EQ(one_moved.size(), 1u);
  EXPECT_EQ(one_moved[0], 0.125f);
  EXPECT_NE(one_moved.data(), one.data());  // NOLINT: its own inline element
  one_moved = std::move(view);
  EXPECT_TRUE(one_moved.is_view());
  EXPECT_EQ(one_moved.ToVector(), (std::vector<float>{0.5f, 0.25f}));
  heap_moved = one_moved;  // a heap list becomes a view; its array is freed (ASan checks)
  EXPECT_TRUE(heap_moved.is_view());
  heap_moved.assign(2, 4.0f);
  EXPECT_EQ(heap_moved, CompactList<float>({4.0f, 4.0f}));
  heap_moved.assign(heap_moved.begin(), heap_moved.begin());
  EXPECT_TRUE(heap_moved.empty());
}

// Node input and output lists view the model's index vectors (no copies).
TEST(MemoryFootprintTest, NodeIndicesAreReadInPlace) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(true, &m));
  const internal::GraphSet* set = internal::InterpreterAccess::graphs(*m.interpreter);
  ASSERT_NE(set, nullptr);
  const auto* begin = reinterpret_cast<const uint8_t*>(m.bytes.data());
  for (const internal::Node& node : set->graphs[0].nodes) {
    for (const CompactList<int32_t>* list : {&node.inputs, &node.outputs}) {
      EXPECT_TRUE(list->is_view());
      const auto* at = reinterpret_cast<const uint8_t*>(list->data());
      EXPECT_TRUE(at >= begin && at < begin + m.bytes.size()) << "indices not in the model";
    }
  }
  EXPECT_EQ(m.interpreter->node(1).inputs.size(), 2u);
}

// Runs the model on a = i, b = 2, d = -i (quantized values): every scale is
// 0.5 and every zero point 0, so e = a + b + d = 2 exactly.
std::vector<int8_t> RunTwoAdds(Interpreter& interpreter) {
  std::vector<int8_t> a(64), b(64, 2), d(64);
  for (int i = 0; i < 64; ++i) {
    a[static_cast<size_t>(i)] = static_cast<int8_t>(i);
    d[static_cast<size_t>(i)] = static_cast<int8_t>(-i);
  }
  std::memcpy(interpreter.input_data(0), a.data(), 64);
  std::memcpy(interpreter.input_data(1), b.data(), 64);
  std::memcpy(interpreter.input_data(2), d.data(), 64);
  if (!interpreter.Invoke().ok()) return {};
  const int8_t* out = interpreter.output(0)->data_as<int8_t>();
  return std::vector<int8_t>(out, out + 64);
}

TEST(MemoryFootprintTest, InputsNotPreservedShareTheArenaWithSameResults) {
  Loaded kept, reused;
  ASSERT_NO_FATAL_FAILURE(Load(true, &kept));
  ASSERT_NO_FATAL_FAILURE(Load(false, &reused));
  // Kept: a, b, d, c and e are all alive at the second add (5 x 64 bytes).
  // Reused: a and b die after the first add, so e takes their place.
  EXPECT_EQ(kept.interpreter->arena_bytes(), 5u * 64);
  EXPECT_LT(reused.interpreter->arena_bytes(), kept.interpreter->arena_bytes());
  EXPECT_EQ(reused.interpreter->arena_lower_bound(), 4u * 64);
  const std::vector<int8_t> expected = RunTwoAdds(*kept.interpreter);
  ASSERT_EQ(expected, std::vector<int8_t>(64, 2));
  for (int run = 0; run < 2; ++run) EXPECT_EQ(RunTwoAdds(*reused.interpreter), expected) << run;
}

}  // namespace
}  // namespace brasa
