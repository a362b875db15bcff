// Inputs the fuzzers (fuzz/) once crashed brasa with, kept as regressions:
// every file in tests/model/fuzz_regressions/ goes through load, Create with
// every builtin, AllocateTensors under a small arena cap and two Invokes
// (zero inputs, then patterned ones), as in fuzz/fuzz_model_body.cc. Each
// step may fail with a Status; none may crash (the sanitizer builds of
// ./dev.sh test-asan also catch out-of-bounds reads and undefined behavior).
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

const std::string kDir = std::string(BRASA_SOURCE_DIR) + "/tests/model/fuzz_regressions";

// Paths: every reproducer, plus the shared models whose own bytes, with the
// patterned inputs below, once crashed brasa (they are not copied here).
// keyword_scrambled: SVDF's int32 sums overflowed.
std::vector<std::string> RegressionFiles() {
  std::vector<std::string> files;
  if (DIR* dir = ::opendir(kDir.c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name.size() > 7 && name.substr(name.size() - 7) == ".tflite") {
        files.push_back(kDir + "/" + name);
      }
    }
    ::closedir(dir);
  }
  std::sort(files.begin(), files.end());
  files.push_back(std::string(BRASA_SHARED_MODELS_DIR) + "/keyword_scrambled.tflite");
  return files;
}

// Load .. Invoke; returns the first failure (or OK).
Status RunModel(const testing::AlignedBytes& bytes) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) return model.status();
  InterpreterOptions options;
  options.max_arena_bytes = size_t{8} << 20;
  options.max_while_iterations = 1000;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  if (!interpreter.ok()) return interpreter.status();
  BRASA_RETURN_IF_ERROR((*interpreter)->AllocateTensors());
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < (*interpreter)->num_inputs(); ++i) {
      const Tensor* input = (*interpreter)->input(i);
      uint8_t* bytes = static_cast<uint8_t*>((*interpreter)->input_data(i));
      const uint8_t mask = input->type == DataType::kBool ? 1 : 0xff;
      for (size_t b = 0; b < input->bytes; ++b) {
        bytes[b] = pass == 0 ? 0 : static_cast<uint8_t>(b * 37 + 11) & mask;
      }
    }
    BRASA_RETURN_IF_ERROR((*interpreter)->Invoke());
  }
  return Status::Ok();
}

TEST(FuzzRegressionTest, EveryReproducerRunsWithoutCrashing) {
  const std::vector<std::string> files = RegressionFiles();
  ASSERT_FALSE(files.empty()) << "no reproducers in " << kDir;
  for (const std::string& name : files) {
    SCOPED_TRACE(name);
    std::ifstream file(name, std::ios::binary);
    const std::vector<uint8_t> data((std::istreambuf_iterator<char>(file)),
                                    std::istreambuf_iterator<char>());
    ASSERT_FALSE(data.empty());
    const Status status = RunModel(testing::AlignedBytes(data.data(), data.size()));
    // Either outcome is fine; a failure must say what went wrong.
    if (!status.ok()) {
      EXPECT_FALSE(status.message().empty());
    }
  }
}

// Inputs that once made a fuzz run time out (timeout_*.tflite): a tensor
// far over the arena limit reached a kernel's Prepare, which looped over its
// dimensions for seconds before the limit was checked (MAX_POOL_2D over
// [1,6,1090519082,3]). Tensors are now checked before each kernel's Prepare.
TEST(FuzzRegressionTest, TimeoutReproducersAreRefusedAtAllocateTensors) {
  int timeouts = 0;
  for (const std::string& name : RegressionFiles()) {
    if (name.find("/timeout_") == std::string::npos) continue;
    ++timeouts;
    SCOPED_TRACE(name);
    std::ifstream file(name, std::ios::binary);
    const std::vector<uint8_t> data((std::istreambuf_iterator<char>(file)),
                                    std::istreambuf_iterator<char>());
    const Status status = RunModel(testing::AlignedBytes(data.data(), data.size()));
    EXPECT_EQ(status.code(), StatusCode::kResourceExhausted) << status.ToString();
    EXPECT_NE(status.message().find("more than the limit of 8388608 bytes "
                                    "(InterpreterOptions::max_arena_bytes)"),
              std::string::npos)
        << status.message();
  }
  EXPECT_GT(timeouts, 0);
}

}  // namespace
}  // namespace brasa
