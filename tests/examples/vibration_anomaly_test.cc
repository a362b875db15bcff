// The vibration_anomaly example: accuracy on windows from simulated machines
// the model never saw, the program on the sample CSV files, and bad CSVs.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "examples/common/model_runner.h"
#include "tests/examples/example_process.h"
#include "tools/npy.h"

namespace brasa_examples {
namespace {

const std::string kDir = std::string(BRASA_SOURCE_DIR) + "/examples/vibration_anomaly";
const std::vector<std::string> kClasses = {"healthy", "bearing", "imbalance", "loose"};
constexpr int kWindow = 256;

double HeldOutAccuracy(const std::string& model_file) {
  auto windows = brasa::tools::ReadNpy(kDir + "/heldout_windows.npy");  // int16 milli-g
  auto labels = brasa::tools::ReadNpy(kDir + "/heldout_labels.npy");
  EXPECT_TRUE(windows.ok() && labels.ok());
  if (!windows.ok() || !labels.ok()) return 0.0;
  const int count = labels->shape[0];
  EXPECT_EQ(windows->shape, (brasa::Shape{count, kWindow, 3}));
  EXPECT_EQ(windows->type, brasa::DataType::kInt16);
  auto runner = ModelRunner::Load(kDir + "/" + model_file);
  EXPECT_TRUE(runner.ok()) << runner.status().ToString();
  if (!runner.ok()) return 0.0;
  const int16_t* milli_g = reinterpret_cast<const int16_t*>(windows->bytes.data());
  int correct = 0;
  std::vector<float> input(kWindow * 3);
  for (int w = 0; w < count; ++w) {
    for (size_t i = 0; i < input.size(); ++i) input[i] = milli_g[w * input.size() + i] / 1000.0f;
    EXPECT_TRUE((*runner)->SetInput(input).ok());
    auto scores = (*runner)->Run();
    EXPECT_TRUE(scores.ok());
    if (scores.ok()) correct += TopK(*scores, 1)[0] == labels->bytes[static_cast<size_t>(w)];
  }
  const double accuracy = static_cast<double>(correct) / count;
  std::printf("%s: held-out machines accuracy %.2f%% (%d of %d)\n", model_file.c_str(),
              100 * accuracy, correct, count);
  return accuracy;
}

TEST(VibrationAnomalyExample, Int8HeldOutMachinesAccuracyIsAtLeast95Percent) {
  EXPECT_GE(HeldOutAccuracy("vibration_int8.tflite"), 0.95);
}

TEST(VibrationAnomalyExample, FloatHeldOutMachinesAccuracyIsAtLeast95Percent) {
  EXPECT_GE(HeldOutAccuracy("vibration_float.tflite"), 0.95);
}

class VibrationAnomalyProgram : public ExampleProgramTest {
 protected:
  VibrationAnomalyProgram() : ExampleProgramTest(BRASA_VIBRATION_ANOMALY_PATH) {}
  std::string WriteCsv(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(VibrationAnomalyProgram, ClassifiesEverySampleWindow) {
  for (const std::string& name : kClasses) {
    const ProcessResult result = Run({kDir + "/samples/" + name + ".csv"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(CountLines(result.out), 2) << result.out;
    EXPECT_NE(result.out.find("window 0 (rows 1-256): " + name + " "), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("window 1 (rows 257-512): " + name + " "), std::string::npos)
        << result.out;
  }
}

TEST_F(VibrationAnomalyProgram, BadCsvIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/missing.csv"}), "missing.csv");
  std::string rows = "x,y,z\n";
  for (int i = 0; i < 300; ++i) rows += "0.01,0.02,0.03\n";
  ExpectOneLineError(Run({WriteCsv("short_row.csv", rows + "0.5,0.25\n" + rows)}),
                     "short_row.csv line 302: expected 3 values (x,y,z), got 2");
  ExpectOneLineError(Run({WriteCsv("long_row.csv", rows + "1,2,3,4\n")}), "got 4");
  ExpectOneLineError(Run({WriteCsv("text.csv", rows + "0.1,oops,0.3\n")}), "not a number");
  ExpectOneLineError(Run({WriteCsv("too_few.csv", "x,y,z\n1,2,3\n")}), "a window needs 256");
}

}  // namespace
}  // namespace brasa_examples
