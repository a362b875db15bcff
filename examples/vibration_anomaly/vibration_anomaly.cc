// vibration_anomaly: tells a healthy machine from a bearing defect, an
// imbalance or a loose part, from 3-axis accelerometer samples (x,y,z in g,
// 1 kHz) in a CSV file. Every 256 samples (0.256 s) are one window.
//
//   vibration_anomaly [--model MODEL.tflite] [--labels LABELS.txt] FILE.csv
//
// Prints "window N (rows A-B): CLASS SCORE" per whole window. Exit code 1
// (one-line error) for a missing file, a row without 3 numbers, or fewer
// samples than one window.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/fail.h"
#include "examples/common/model_runner.h"
#include "examples/vibration_anomaly/accelerometer_csv.h"

using brasa_examples::Fail;

namespace {

constexpr size_t kWindow = 256, kAxes = 3;

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = std::string(BRASA_EXAMPLE_DIR) + "/vibration_int8.tflite";
  std::string labels_path = std::string(BRASA_EXAMPLE_DIR) + "/labels.txt";
  std::string csv_path;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--model") == 0 && has_value) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--labels") == 0 && has_value) {
      labels_path = argv[++i];
    } else if (argv[i][0] == '-' || !csv_path.empty()) {
      return Fail(std::string("unexpected argument '") + argv[i] + "'");
    } else {
      csv_path = argv[i];
    }
  }
  if (csv_path.empty()) {
    std::fprintf(stderr, "usage: vibration_anomaly [--model M.tflite] [--labels L.txt] FILE.csv\n");
    return 2;
  }

  auto runner = brasa_examples::ModelRunner::Load(model_path);
  if (!runner.ok()) return Fail(runner.status().message());
  auto labels = brasa_examples::ReadLabels(labels_path);
  if (!labels.ok()) return Fail(labels.status().message());
  auto samples = brasa_examples::ReadAccelerometerCsv(csv_path);
  if (!samples.ok()) return Fail(samples.status().message());
  const size_t rows = samples->size() / kAxes;
  if (rows < kWindow) {
    return Fail(csv_path + ": " + std::to_string(rows) + " samples, a window needs " +
                std::to_string(kWindow));
  }

  for (size_t window = 0; (window + 1) * kWindow <= rows; ++window) {
    const auto first = samples->begin() + static_cast<std::ptrdiff_t>(window * kWindow * kAxes);
    brasa::Status status = (*runner)->SetInput(std::vector<float>(first, first + kWindow * kAxes));
    if (!status.ok()) return Fail(status.message());
    auto scores = (*runner)->Run();
    if (!scores.ok()) return Fail(scores.status().message());
    const int best = brasa_examples::TopK(*scores, 1)[0];
    std::printf("window %zu (rows %zu-%zu): %s %.3f\n", window, window * kWindow + 1,
                (window + 1) * kWindow, brasa_examples::LabelOf(*labels, best).c_str(),
                (*scores)[best]);
  }
  return 0;
}
