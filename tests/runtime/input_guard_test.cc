// Invoke refuses to run when a caller changed an input tensor's public fields
// (shape, type, data, bytes) after AllocateTensors, instead of running the
// kernels on memory planned for other sizes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

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

TEST_F(InputGuardTest, ChangedShapeIsRefusedAndRestoredShapeRuns) {
  Tensor* input = interpreter_->input(0);
  const Shape planned = input->shape;
  input->shape = {1, 100000};
  ExpectRefused("now float32 [1,100000]");
  input->shape = planned;
  EXPECT_TRUE(interpreter_->Invoke().ok());
}

TEST_F(InputGuardTest, ChangedTypeIsRefused) {
  interpreter_->input(0)->type = DataType::kInt8;
  ExpectRefused("now int8");
}

TEST_F(InputGuardTest, ChangedDataOrBytesAreRefused) {
  Tensor* input = interpreter_->input(0);
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
