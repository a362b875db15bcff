#include "examples/vibration_anomaly/accelerometer_csv.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace brasa_examples {
namespace {

// Parses "a,b,c" into `values`; returns the number of fields, or -1 when a
// field is not a number.
int ParseRow(const std::string& line, float values[3]) {
  int fields = 0;
  const char* cursor = line.c_str();
  while (true) {
    char* end = nullptr;
    const float value = std::strtof(cursor, &end);
    if (end == cursor) return -1;
    if (fields < 3) values[fields] = value;
    ++fields;
    while (*end == ' ' || *end == '\t' || *end == '\r') ++end;
    if (*end == '\0') return fields;
    if (*end != ',') return -1;
    cursor = end + 1;
  }
}

}  // namespace

brasa::Result<std::vector<float>> ReadAccelerometerCsv(const std::string& path) {
  std::ifstream file(path);
  if (!file) return brasa::NotFoundError("cannot open '" + path + "': " + std::strerror(errno));
  std::vector<float> samples;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank
    float values[3];
    const int fields = ParseRow(line, values);
    if (fields < 0 && number == 1) continue;  // a header
    const std::string where = path + " line " + std::to_string(number) + ": ";
    if (fields < 0) return brasa::InvalidArgumentError(where + "not a number in '" + line + "'");
    if (fields != 3) {
      return brasa::InvalidArgumentError(where + "expected 3 values (x,y,z), got " +
                                         std::to_string(fields));
    }
    samples.insert(samples.end(), values, values + 3);
  }
  return samples;
}

}  // namespace brasa_examples
