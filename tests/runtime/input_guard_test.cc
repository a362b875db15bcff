// Callers cannot change an input tensor's shape, type or data pointer: the
// interpreter hands out const Tensors and writable values only. A caller who
// casts const away anyway (simulated here) is caught cheaply: Invoke refuses
// to run when the public fields (shape, type, data, bytes) differ from what
// AllocateTensors planned, instead of running the kernels on memory planned
// for other sizes.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

// The API itself: tensors are read-only, values are written through input_data.
static_assert(std::is_same<decltype(std::declval<Interpreter&>().input(0)), const Tensor*>::value,
              "input(i) must not let callers change a tensor");
static_assert(std::is_same<decltype(std::declval<Interpreter&>().input("x")), const Tensor*>::value,
              "input(name) must not let callers change a tensor");
static_assert(std::is_same<decltype(std::declval<Interpreter&>().tensor(0)), const Tensor*>::value,
              "tensor(i) must not let callers change a tensor");

class InputGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) +
                                 "/hello_world_float.tflite");
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(*model);
    auto interpreter = Interpreter::Create(*model_, OpResolver::WithAllBuiltins());
    ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
    interpreter_ = std::move(*interpreter);
    ASSERT_TRUE(interpreter_->AllocateTensors().ok());
    ASSERT_TRUE(interpreter_->Invoke().ok());
  }

  void ExpectRefused(const std::string& fragment) {
    const Status status = interpreter_->Invoke();
    EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
    EXPECT_NE(status.message().find("input 0"), std::string::npos) << status.message();
    EXPECT_NE(status.message().find(fragment), std::string::npos) << status.message();
  }

  std::unique_ptr<Model> model_;
  std::unique_ptr<Interpreter> interpreter_;
};

TEST_F(InputGuardTest, TypedInputDataChecksTheType) {
  const Tensor* input = interpreter_->input(0);
  EXPECT_EQ(interpreter_->input_data<float>(0), input->data);
  EXPECT_EQ(interpreter_->input_data(0), input->data);
  EXPECT_EQ(interpreter_->input_data<int8_t>(0), nullptr);   // the input is float32
  EXPECT_EQ(interpreter_->input_data<int32_t>(0), nullptr);  // same size, other type
  EXPECT_EQ(interpreter_->input_data<float>(1), nullptr);    // out of range
  EXPECT_EQ(interpreter_->input_data(-1), nullptr);
}

// A caller that casts const away: the guard below still refuses to run.
Tensor* CastAway(const Tensor* tensor) { return const_cast<Tensor*>(tensor); }

TEST_F(InputGuardTest, ChangedShapeIsRefusedAndRestoredShapeRuns) {
  Tensor* input = CastAway(interpreter_->input(0));
  const Shape planned = input->shape;
  input->shape = {1, 100000};
  ExpectRefused("now float32 [1,100000]");
  input->shape = planned;
  EXPECT_TRUE(interpreter_->Invoke().ok());
}

TEST_F(InputGuardTest, ChangedTypeIsRefused) {
  CastAway(interpreter_->input(0))->type = DataType::kInt8;
  ExpectRefused("now int8");
}

TEST_F(InputGuardTest, ChangedDataOrBytesAreRefused) {
  Tensor* input = CastAway(interpreter_->input(0));
  std::vector<float> other(1024);
  void* planned = input->data;
  input->data = other.data();
  ExpectRefused("changed after AllocateTensors");
  input->data = planned;
  input->bytes = 4096;
  ExpectRefused("changed after AllocateTensors");
}

TEST_F(InputGuardTest, ResizeInputTensorThenAllocateTensorsRuns) {
  ASSERT_TRUE(interpreter_->ResizeInputTensor(0, {3, 1}).ok());
  ASSERT_TRUE(interpreter_->AllocateTensors().ok());
  EXPECT_TRUE(interpreter_->Invoke().ok());
}

}  // namespace
}  // namespace brasa
