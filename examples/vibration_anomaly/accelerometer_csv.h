// Accelerometer recordings as CSV: one sample per line, "x,y,z" in g,
// sampled at 1 kHz; an optional header line (e.g. "x,y,z") is skipped.
#ifndef BRASA_EXAMPLES_VIBRATION_ANOMALY_ACCELEROMETER_CSV_H_
#define BRASA_EXAMPLES_VIBRATION_ANOMALY_ACCELEROMETER_CSV_H_

#include <string>
#include <vector>

#include "brasa/status.h"

namespace brasa_examples {

// Samples of all rows, flattened: x0 y0 z0 x1 y1 z1 ... Fails naming the
// file and line for a row without exactly 3 numbers.
brasa::Result<std::vector<float>> ReadAccelerometerCsv(const std::string& path);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_VIBRATION_ANOMALY_ACCELEROMETER_CSV_H_
