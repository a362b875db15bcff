// The minimal example: the sine regressor's prediction, and a bad model.
#include <cmath>
#include <string>

#include "tests/examples/example_process.h"

namespace brasa_examples {
namespace {

class MinimalProgram : public ExampleProgramTest {
 protected:
  MinimalProgram() : ExampleProgramTest(BRASA_MINIMAL_PATH) {}
};

TEST_F(MinimalProgram, PredictsTheSine) {
  const std::string model =
      std::string(BRASA_SOURCE_DIR) + "/examples/hello_world/sine_float.tflite";
  for (float x : {0.5f, 1.5f, 4.0f}) {
    const ProcessResult result = Run({model, std::to_string(x)});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    ASSERT_EQ(CountLines(result.out), 1) << result.out;
    EXPECT_NEAR(std::stod(result.out), std::sin(x), 0.1) << "x = " << x;
  }
}

TEST_F(MinimalProgram, BadModelIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/missing.tflite"}), "missing.tflite");
  // An int8 input is refused, not misread.
  ExpectOneLineError(
      Run({std::string(BRASA_SOURCE_DIR) + "/examples/hello_world/sine_int8.tflite"}), "float32");
}

}  // namespace
}  // namespace brasa_examples
