// The `brasa` command line, run as a real process (BRASA_CLI_PATH): exit
// codes (0 ok, 1 model or runtime error, 2 usage error), error messages on
// stderr, no crash on malformed models or .npy files, and the results of
// run, inspect and bench.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"
#include "tools/inspect_report.h"
#include "tools/npy.h"
#ifdef BRASA_TESTS_HAVE_IMAGES
#include "examples/common/image.h"
#endif

extern char** environ;

namespace brasa {
namespace {

using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr size_t npos = std::string::npos;
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

std::string SharedModel(const std::string& name) {
  return std::string(BRASA_SHARED_MODELS_DIR) + "/" + name;
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file),
                              std::istreambuf_iterator<char>());
}

// A version 1.0 .npy file with header dictionary `dict` and raw `data`.
std::string NpyFile(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string file("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size() & 0xff);
  file += static_cast<char>(header.size() >> 8);
  return file + header + data;
}

struct CliResult {
  int exit_code = -1;
  bool signaled = false;
  int signal = 0;
  bool timed_out = false;
  std::string out, err;
};

std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  return os << "exit " << r.exit_code << (r.signaled ? " SIGNAL " + std::to_string(r.signal) : "")
            << (r.timed_out ? " TIMED OUT" : "") << "\nstdout: " << r.out
            << "\nstderr: " << r.err;
}

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  return std::remove(path);
}

// Each test gets a fresh temporary directory, removed afterwards.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/brasa_cli_test_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(::mkdtemp(buffer.data()), nullptr) << std::strerror(errno);
    dir_ = buffer.data();
    // Fail, not skip, when the shared models are missing.
    struct stat info;
    ASSERT_EQ(::stat(SharedModel("hello_world_float.tflite").c_str(), &info), 0)
        << "shared models missing at " << BRASA_SHARED_MODELS_DIR;
  }
  void TearDown() override {
    if (!dir_.empty()) ::nftw(dir_.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string WriteFile(const std::string& name, const void* data, size_t size) {
    const std::string path = Path(name);
    std::ofstream file(path, std::ios::binary);
    file.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    EXPECT_TRUE(file.good()) << path;
    return path;
  }
  std::string WriteFile(const std::string& name, const std::string& text) {
    return WriteFile(name, text.data(), text.size());
  }
  std::string WriteModel(const std::string& name, const ModelBuilder& builder) {
    const testing::AlignedBytes bytes = builder.Finish();
    return WriteFile(name, bytes.data(), bytes.size());
  }
  std::string WriteNpy(const std::string& name, DataType type, const Shape& shape,
                       const void* data, size_t bytes) {
    const std::string path = Path(name);
    const Status status = tools::WriteNpy(path, type, shape, data, bytes);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return path;
  }

  // Runs the CLI with `args`; stdout and stderr go to files in the temp dir.
  // A process that runs for more than 60 s is killed and reported.
  CliResult Run(const std::vector<std::string>& args) { return RunProgram(BRASA_CLI_PATH, args); }

  CliResult RunProgram(const std::string& program, const std::vector<std::string>& args) {
    CliResult result;
    const std::string out_path = Path("cli_stdout.txt"), err_path = Path("cli_stderr.txt");
    // A cross-built CLI runs through the emulator (qemu-user), as ctest runs
    // this test: BRASA_CLI_EMULATOR is its command line, empty natively.
    std::vector<std::string> all;
    if (program == BRASA_CLI_PATH) {
      std::istringstream emulator(BRASA_CLI_EMULATOR);
      for (std::string word; emulator >> word;) all.push_back(word);
    }
    all.push_back(program);
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(&arg[0]);
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      ADD_FAILURE() << "cannot start " << program << ": " << std::strerror(spawned);
      return result;
    }
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        result.timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    result.signaled = WIFSIGNALED(status);
    if (result.signaled) result.signal = WTERMSIG(status);
    result.out = ReadText(out_path);
    result.err = ReadText(err_path);
    return result;
  }

  // The command failed cleanly: `code`, no signal, and (for errors) the
  // "brasa: error:" line naming `fragment`.
  ::testing::AssertionResult FailsWith(const CliResult& r, int code, const std::string& fragment) {
    if (r.signaled || r.timed_out || r.exit_code != code) {
      return ::testing::AssertionFailure() << "expected exit " << code << ", got " << r;
    }
    if (code == kExitError && r.err.rfind("brasa: error: ", 0) != 0) {
      return ::testing::AssertionFailure() << "stderr lacks 'brasa: error: ': " << r;
    }
    if (r.err.find(fragment) == npos) {
      return ::testing::AssertionFailure() << "stderr lacks '" << fragment << "': " << r;
    }
    return ::testing::AssertionSuccess();
  }

  std::string dir_;
};

// input [1,4] float -> FULLY_CONNECTED (weights [2,4], no bias) -> [1,2].
ModelBuilder FullyConnectedModel() {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "in");
  const int weights = builder.AddConstTensor<float>(TensorType::FLOAT32, {2, 4},
                                                    {1, 1, 1, 1, 1, -1, 1, -1});
  const int out = builder.AddTensor(TensorType::FLOAT32, {1, 2}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(9);  // FULLY_CONNECTED
  op.inputs = {in, weights};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder;
}

// A model whose only operator, RFFT2D (builtin 131), brasa does not run.
ModelBuilder UnsupportedOpModel() {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int axis = builder.AddConstTensor<int32_t>(TensorType::INT32, {}, {0});  // fft_length
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(131);
  op.inputs = {in, axis};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder;
}

// ---- Usage errors: exit 2 ----

TEST_F(CliTest, HelpExitsZero) {
  const CliResult r = Run({"--help"});
  EXPECT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_NE(r.out.find("brasa run MODEL"), npos) << r;
}

TEST_F(CliTest, NoCommandIsAUsageError) {
  const CliResult r = Run({});
  EXPECT_TRUE(FailsWith(r, kExitUsage, "missing command"));
  EXPECT_NE(r.err.find("usage:"), npos) << r;
}

TEST_F(CliTest, UnknownCommandIsAUsageError) {
  EXPECT_TRUE(FailsWith(Run({"frobnicate", SharedModel("hello_world_float.tflite")}), kExitUsage,
                        "unknown command 'frobnicate'"));
}

TEST_F(CliTest, UnknownFlagIsAUsageError) {
  const std::string model = SharedModel("hello_world_float.tflite");
  EXPECT_TRUE(FailsWith(Run({"run", model, "--bogus", "1"}), kExitUsage,
                        "unknown option '--bogus'"));
  EXPECT_TRUE(FailsWith(Run({"inspect", model, "--runs", "3"}), kExitUsage,
                        "unknown option '--runs'"));
  EXPECT_TRUE(FailsWith(Run({"bench", model, "--input", "x.npy"}), kExitUsage,
                        "unknown option '--input'"));
  EXPECT_TRUE(FailsWith(Run({"inspect", model, "--json=yes"}), kExitUsage, "unknown option"));
}

TEST_F(CliTest, MissingModelOrValueIsAUsageError) {
  const std::string model = SharedModel("hello_world_float.tflite");
  EXPECT_TRUE(FailsWith(Run({"run"}), kExitUsage, "missing MODEL"));
  EXPECT_TRUE(FailsWith(Run({"bench", "--json"}), kExitUsage, "missing MODEL"));
  EXPECT_TRUE(FailsWith(Run({"run", model, "--input"}), kExitUsage, "--input needs a value"));
  EXPECT_TRUE(FailsWith(Run({"inspect", model, "other.tflite"}), kExitUsage,
                        "unexpected argument 'other.tflite'"));
}

TEST_F(CliTest, BadCountsFailCleanly) {
  const std::string model = SharedModel("hello_world_float.tflite");
  struct Case {
    std::vector<std::string> args;
    const char* fragment;
  };
  const Case cases[] = {
      {{"run", model, "--threads", "0"}, "--threads needs an integer in 1..64, got '0'"},
      {{"run", model, "--threads", "65"}, "--threads needs an integer in 1..64, got '65'"},
      {{"bench", model, "--threads", "100"}, "--threads needs an integer in 1..64"},
      {{"bench", model, "--runs", "abc"}, "--runs needs an integer in 1..1000000, got 'abc'"},
      {{"bench", model, "--runs", "0"}, "--runs needs an integer in 1..1000000"},
      {{"bench", model, "--runs", "10000000"}, "--runs needs an integer in 1..1000000, got '10000000'"},
      {{"bench", model, "--warmup", "-1"}, "--warmup needs an integer in 0..1000000"},
      {{"bench", model, "--threads", "2x"}, "--threads needs an integer in 1..64"},
      {{"bench", model, "--runs", "99999999999999999999"}, "--runs needs an integer in 1..1000000"},
      {{"run", model, "--top-k", "0"}, "--top-k needs an integer in 1..1, got '0'"},
      {{"run", model, "--top-k", "2"}, "--top-k needs an integer in 1..1, got '2' (the first output has 1 elements)"},
      {{"run", model, "--std", "0"}, "--std needs a positive finite number, got '0'"},
      {{"run", model, "--mean", "abc"}, "--mean needs a finite number, got 'abc'"},
      {{"bench", model, "--isa", "sse9"}, "--isa needs scalar, avx2, avxvnni, avx512, avx512vnni or best"},
      {{"run", model, "--isa", ""}, "--isa needs scalar"},
  };
  for (const Case& c : cases) {
    const CliResult r = Run(c.args);
    EXPECT_FALSE(r.signaled) << r;
    EXPECT_NE(r.exit_code, kExitOk) << r;
    EXPECT_NE(r.err.find(c.fragment), npos) << r;
    EXPECT_EQ(r.exit_code, kExitUsage) << r;
  }
}

// ---- Model errors: exit 1, never a signal ----

TEST_F(CliTest, MalformedModelFilesAreErrorsForEveryCommand) {
  std::vector<uint8_t> person = ReadBytes(SharedModel("person_detect.tflite"));
  ASSERT_GT(person.size(), 100000u);
  std::mt19937 rng(12345);
  std::vector<uint8_t> noise(4096);
  for (uint8_t& b : noise) b = static_cast<uint8_t>(rng());
  std::vector<uint8_t> noise_with_id = noise;
  std::memcpy(noise_with_id.data() + 4, "TFL3", 4);
  const std::string missing = Path("does_not_exist.tflite");
  const std::string directory = Path("a_directory");
  ASSERT_EQ(::mkdir(directory.c_str(), 0700), 0);
  struct Case {
    std::string path;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {missing, "cannot open"},
      {directory, "not a regular file"},
      {WriteFile("empty.tflite", "", 0), "is empty"},
      {WriteFile("truncated.tflite", person.data(), person.size() / 2), "truncated or corrupt"},
      {WriteFile("truncated_tail.tflite", person.data(), person.size() - 3),
       "truncated or corrupt"},
      {WriteFile("noise.tflite", noise.data(), noise.size()), "file identifier"},
      {WriteFile("noise_with_id.tflite", noise_with_id.data(), noise_with_id.size()),
       "truncated or corrupt"},
      {WriteFile("text.tflite", "not a model at all\n"), "file identifier"},
  };
  for (const Case& c : cases) {
    for (const char* command : {"run", "inspect", "bench"}) {
      SCOPED_TRACE(std::string(command) + " " + c.path);
      const CliResult r = Run({command, c.path});
      EXPECT_TRUE(FailsWith(r, kExitError, c.fragment));
      EXPECT_NE(r.err.find(c.path), npos) << "the message names the file: " << r;
    }
  }
}

TEST_F(CliTest, UnsupportedOperatorFailsRunButNotInspect) {
  const std::string model = WriteModel("rfft2d.tflite", UnsupportedOpModel());
  EXPECT_TRUE(FailsWith(Run({"run", model}), kExitError,
                        "node 0: operator RFFT2D (builtin 131) is not supported"));
  EXPECT_TRUE(FailsWith(Run({"bench", model}), kExitError, "RFFT2D"));

  const CliResult text = Run({"inspect", model});
  EXPECT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_NE(text.out.find("RFFT2D"), npos) << text;
  EXPECT_NE(text.out.find("UNSUPPORTED"), npos) << text;
  EXPECT_NE(text.out.find("node 0: RFFT2D"), npos) << text;

  const CliResult json = Run({"inspect", model, "--json"});
  EXPECT_EQ(json.exit_code, kExitOk) << json;
  EXPECT_NE(json.out.find("\"op\": \"RFFT2D\""), npos) << json;
  EXPECT_NE(json.out.find("\"supported\": false"), npos) << json;
  EXPECT_NE(json.out.find("\"unsupported\": [\"node 0: RFFT2D\"]"), npos) << json;
  EXPECT_NE(json.out.find("\"arena_bytes\": null"), npos) << json;
}

// Verification rejects the order at load, so inspect fails like run.
TEST_F(CliTest, ModelReadingATensorBeforeItIsWrittenIsAnErrorForInspectAndRun) {
  // Node 0 reads `late`, which only node 1 writes.
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "in");
  const int weights = builder.AddConstTensor<float>(TensorType::FLOAT32, {4, 4},
                                                    std::vector<float>(16, 0.5f));
  const int early = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "early");
  const int late = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "late");
  const uint32_t fc = builder.AddOperatorCode(9);
  OperatorSpec first;
  first.opcode_index = fc;
  first.inputs = {late, weights};
  first.outputs = {early};
  builder.AddOperator(first);
  OperatorSpec second;
  second.opcode_index = fc;
  second.inputs = {in, weights};
  second.outputs = {late};
  builder.AddOperator(second);
  builder.SetInputs({in});
  builder.SetOutputs({early});
  const std::string model = WriteModel("out_of_order.tflite", builder);
  EXPECT_TRUE(FailsWith(Run({"inspect", model, "--json"}), kExitError,
                        "node 0 reads tensor 3 (late), which is not a graph input"));
  EXPECT_TRUE(FailsWith(Run({"run", model}), kExitError, "reads tensor 3 (late)"));
}

// ---- .npy errors: exit 1, never a signal ----

TEST_F(CliTest, MalformedNpyInputsAreErrors) {
  const std::string model = SharedModel("hello_world_float.tflite");
  const float one = 1.0f;
  const std::string good = WriteNpy("good.npy", DataType::kFloat32, {1, 1}, &one, 4);
  const std::vector<uint8_t> good_bytes = ReadBytes(good);
  ASSERT_EQ(good_bytes.size() % 64, 4u);  // the header pads the data to 64 bytes
  std::vector<uint8_t> bad_magic = good_bytes;
  bad_magic[1] = 'X';
  std::vector<uint8_t> version9 = good_bytes;
  version9[6] = 9;
  const int32_t ints[1] = {1};
  struct Case {
    std::string path;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {Path("missing.npy"), "cannot open"},
      {WriteFile("empty.npy", "", 0), "bad magic"},
      {WriteFile("bad_magic.npy", bad_magic.data(), bad_magic.size()), "bad magic"},
      {WriteFile("version9.npy", version9.data(), version9.size()), "unsupported .npy version 9"},
      {WriteFile("truncated_header.npy", good_bytes.data(), 30), "truncated header"},
      {WriteFile("truncated_data.npy", good_bytes.data(), good_bytes.size() - 1),
       "holds 3 data bytes, shape [1,1] needs 4"},
      {WriteNpy("int32.npy", DataType::kInt32, {1, 1}, ints, 4),
       "expects float32 data, got int32"},
      {WriteFile("complex.npy",
                 NpyFile("{'descr': '<c8', 'fortran_order': False, 'shape': (1, 1), }",
                         std::string(8, '\0'))),
       "unsupported dtype '<c8'"},
      {WriteFile("big_endian.npy",
                 NpyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }",
                         std::string(4, '\0'))),
       "unsupported dtype '>f4'"},
      {WriteFile("fortran.npy",
                 NpyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }",
                         std::string(4, '\0'))),
       "Fortran-order"},
      {WriteFile("bad_shape.npy",
                 NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (1, x), }",
                         std::string(4, '\0'))),
       "cannot read the shape"},
      {WriteFile("huge_shape.npy",
                 NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, "
                         "2147483647, 2147483647), }",
                         std::string(4, '\0'))),
       "is too large"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    const CliResult r = Run({"run", model, "--input", c.path});
    EXPECT_TRUE(FailsWith(r, kExitError, c.fragment));
    EXPECT_NE(r.err.find(c.path), npos) << "the message names the file: " << r;
  }
}

// A directory, a FIFO or a device as --input: a clean error naming the path,
// not an exception from the stream (SIGABRT) or a read that blocks forever.
TEST_F(CliTest, InputThatIsNotARegularFileIsAnError) {
  const std::string model = SharedModel("hello_world_float.tflite");
  const std::string fifo = Path("fifo.npy");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  for (const std::string& path : {dir_, std::string("/tmp"), fifo, std::string("/dev/zero")}) {
    SCOPED_TRACE(path);
    const CliResult r = Run({"run", model, "--input", path});
    EXPECT_TRUE(FailsWith(r, kExitError, "'" + path + "' is not a regular file"));
  }
}

TEST_F(CliTest, NpyOfTheWrongShapeIsAnError) {
  const std::string model = WriteModel("fc.tflite", FullyConnectedModel());
  const float values[3] = {1, 2, 3};
  const std::string three = WriteNpy("three.npy", DataType::kFloat32, {1, 3}, values, 12);
  const CliResult r = Run({"run", model, "--input", three});
  EXPECT_TRUE(FailsWith(r, kExitError, "input 0 'in' ('" + three + "') expects [1,4], got [1,3]"));
  EXPECT_NE(r.err.find("no dimension may change"), npos) << r;
}

// A flat array with the right element count is not silently reshaped.
TEST_F(CliTest, FlatArrayWithTheRightCountIsAnErrorThatSaysSo) {
  const std::vector<int8_t> pixels(96 * 96, 0);
  const std::string flat = WriteNpy("flat.npy", DataType::kInt8, {9216}, pixels.data(), 9216);
  const CliResult r = Run({"run", SharedModel("person_detect.tflite"), "--input", flat});
  EXPECT_TRUE(FailsWith(r, kExitError, "expects [1,96,96,1], got [9216]"));
  EXPECT_NE(r.err.find("the element count matches (9216) but the shape does not"), npos) << r;
  const std::vector<float> nchw(3 * 224 * 224, 0.0f);
  const std::string big = WriteNpy("nchw.npy", DataType::kFloat32, {1, 3, 224, 224}, nchw.data(),
                                   nchw.size() * 4);
  const CliResult wrong = Run({"run", SharedModel("person_detect.tflite"), "--input", big});
  EXPECT_TRUE(FailsWith(wrong, kExitError, "input 0 'input' ('" + big +
                                               "') expects [1,96,96,1], got [1,3,224,224]"));
}

TEST_F(CliTest, NpyOfTheWrongDtypeIsAnErrorBeforeRunning) {
  const std::vector<int32_t> values(96 * 96, 0);
  const std::string npy = WriteNpy("i32.npy", DataType::kInt32, {1, 96, 96, 1}, values.data(),
                                   values.size() * 4);
  EXPECT_TRUE(FailsWith(Run({"run", SharedModel("person_detect.tflite"), "--input", npy}),
                        kExitError,
                        "expects int8 data (or float32, which brasa quantizes), got int32"));
  const int8_t q = 1;
  const std::string int8 = WriteNpy("q.npy", DataType::kInt8, {1, 1}, &q, 1);
  EXPECT_TRUE(FailsWith(Run({"run", SharedModel("hello_world_float.tflite"), "--input", int8}),
                        kExitError, "expects float32 data, got int8"));
}

TEST_F(CliTest, MoreInputFilesThanInputsIsAnError) {
  const std::string model = SharedModel("hello_world_float.tflite");
  const float x = 1.0f;
  const std::string npy = WriteNpy("x.npy", DataType::kFloat32, {1, 1}, &x, 4);
  EXPECT_TRUE(FailsWith(Run({"run", model, "--input", npy, "--input", npy}), kExitError,
                        "2 --input files for a model with 1 inputs"));
}

TEST_F(CliTest, UnwritableOutputDirectoryIsAnError) {
  const std::string model = SharedModel("hello_world_float.tflite");
  const std::string file = WriteFile("plain_file", "x");
  const float x = 1.0f;
  const std::string input = WriteNpy("x.npy", DataType::kFloat32, {1, 1}, &x, 4);
  EXPECT_TRUE(FailsWith(Run({"run", model, "--input", input, "--output-dir", file + "/sub"}),
                        kExitError, "cannot write"));
}

// ---- Results ----

// sin(x) from hello_world_float.tflite through `brasa run`.
TEST_F(CliTest, RunHelloWorldFloatWritesOutputNpy) {
  const std::string model = SharedModel("hello_world_float.tflite");
  for (float x : {0.5f, 1.0f, 2.0f, 4.5f}) {
    SCOPED_TRACE("x = " + std::to_string(x));
    const std::string input = WriteNpy("x.npy", DataType::kFloat32, {1, 1}, &x, sizeof(x));
    const std::string out_dir = Path("out");
    const CliResult r = Run({"run", model, "--input", input, "--output-dir", out_dir});
    ASSERT_EQ(r.exit_code, kExitOk) << r;
    EXPECT_TRUE(r.err.empty()) << r;
    EXPECT_NE(r.out.find("output 0 "), npos) << r;
    EXPECT_NE(r.out.find("float32 [1,1]"), npos) << r;
    auto output = tools::ReadNpy(out_dir + "/output_0.npy");
    ASSERT_TRUE(output.ok()) << output.status().ToString();
    EXPECT_EQ(output->type, DataType::kFloat32);
    EXPECT_EQ(output->shape, (Shape{1, 1}));
    ASSERT_EQ(output->bytes.size(), 4u);
    float y = 0;
    std::memcpy(&y, output->bytes.data(), 4);
    EXPECT_NEAR(y, std::sin(x), 0.1);
  }
}

// The int8 model's output, dequantized with the model's own parameters.
float DequantizedOutput(const tools::NpyArray& array, const Quantization& q) {
  if (array.bytes.size() != 1) return NAN;
  const int8_t value = static_cast<int8_t>(array.bytes[0]);
  return q.scale() * static_cast<float>(value - q.zero_point());
}

TEST_F(CliTest, RunQuantizesFloatInputsForAnInt8Model) {
  const std::string model = SharedModel("hello_world_int8.tflite");
  auto loaded = Model::FromFile(model);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto interpreter = Interpreter::Create(**loaded, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  const Quantization in_q = (*interpreter)->input(0)->quantization;
  const Quantization out_q = (*interpreter)->output(0)->quantization;
  ASSERT_TRUE(in_q.is_quantized() && out_q.is_quantized());

  for (float x : {0.5f, 1.5f, 3.0f, 5.0f}) {
    SCOPED_TRACE("x = " + std::to_string(x));
    const std::string float_input = WriteNpy("x.npy", DataType::kFloat32, {1, 1}, &x, 4);
    const CliResult r = Run({"run", model, "--input", float_input, "--output-dir", Path("f")});
    ASSERT_EQ(r.exit_code, kExitOk) << r;
    auto from_float = tools::ReadNpy(Path("f/output_0.npy"));
    ASSERT_TRUE(from_float.ok()) << from_float.status().ToString();
    EXPECT_EQ(from_float->type, DataType::kInt8);
    EXPECT_EQ(from_float->shape, (Shape{1, 1}));
    EXPECT_NEAR(DequantizedOutput(*from_float, out_q), std::sin(x), 0.1);

    // The same value quantized by hand gives the same output.
    const int8_t q = static_cast<int8_t>(std::round(x / in_q.scale()) + in_q.zero_point());
    const std::string int8_input = WriteNpy("q.npy", DataType::kInt8, {1, 1}, &q, 1);
    const CliResult rq = Run({"run", model, "--input", int8_input, "--output-dir", Path("q")});
    ASSERT_EQ(rq.exit_code, kExitOk) << rq;
    auto from_int8 = tools::ReadNpy(Path("q/output_0.npy"));
    ASSERT_TRUE(from_int8.ok()) << from_int8.status().ToString();
    EXPECT_EQ(from_int8->bytes, from_float->bytes);
  }
}

TEST_F(CliTest, RunFeedsEveryInputOfATwoInputModel) {
  const std::string model = SharedModel("simple_add_model.tflite");
  const std::vector<int8_t> fifties(128 * 128, 50), zeros(128 * 128, 0);
  const std::string in0 =
      WriteNpy("in0.npy", DataType::kInt8, {1, 128, 128, 1}, fifties.data(), fifties.size());
  const std::string in1 =
      WriteNpy("in1.npy", DataType::kInt8, {1, 128, 128, 1}, zeros.data(), zeros.size());
  const CliResult r = Run({"run", model, "--input", in0, "--input", in1, "--output-dir",
                           Path("out")});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  auto output = tools::ReadNpy(Path("out/output_0.npy"));
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  ASSERT_EQ(output->shape, (Shape{1, 128, 128, 1}));
  // Every element sees the same inputs, so the output is uniform.
  EXPECT_EQ(std::count(output->bytes.begin(), output->bytes.end(), output->bytes[0]),
            static_cast<std::ptrdiff_t>(output->bytes.size()));
}

// simple_add_model's inputs have the signature [-1,128,128,1]: the batch may
// change (both inputs, to keep ADD's shapes compatible), nothing else.
TEST_F(CliTest, RunResizesOnlyDimensionsTheSignatureLeavesOpen) {
  const std::string model = SharedModel("simple_add_model.tflite");
  const std::vector<int8_t> fifties(2 * 128 * 128, 50), zeros(2 * 128 * 128, 0);
  const std::string in0 =
      WriteNpy("in0.npy", DataType::kInt8, {2, 128, 128, 1}, fifties.data(), fifties.size());
  const std::string in1 =
      WriteNpy("in1.npy", DataType::kInt8, {2, 128, 128, 1}, zeros.data(), zeros.size());
  const CliResult r = Run({"run", model, "--input", in0, "--input", in1, "--output-dir",
                           Path("a")});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  auto a = tools::ReadNpy(Path("a/output_0.npy"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->shape, (Shape{2, 128, 128, 1}));
  const std::string one = WriteNpy("one.npy", DataType::kInt8, {1, 1, 1, 1}, zeros.data(), 1);
  const CliResult bad = Run({"run", model, "--input", in0, "--input", one});
  EXPECT_TRUE(FailsWith(bad, kExitError, "input 1 'serving_default_input_2:0' ('" + one +
                                             "') expects [1,128,128,1], got [1,1,1,1]"));
  EXPECT_NE(bad.err.find("only dimension(s) 0 may change"), npos) << bad;
}

TEST_F(CliTest, RunWithoutInputsFeedsZerosAndSaysSo) {
  const CliResult r = Run({"run", SharedModel("hello_world_float.tflite")});
  EXPECT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_NE(r.out.find("output 0 "), npos) << r;
  EXPECT_NE(r.err.find("brasa: notice: input 0 'serving_default_dense_input:0' (float32 [1,1]) "
                       "has no --input: filled with zeros"),
            npos)
      << r;
  const std::vector<int8_t> zeros(128 * 128, 0);
  const std::string in0 =
      WriteNpy("in0.npy", DataType::kInt8, {1, 128, 128, 1}, zeros.data(), zeros.size());
  const CliResult one = Run({"run", SharedModel("simple_add_model.tflite"), "--input", in0});
  EXPECT_EQ(one.exit_code, kExitOk) << one;
  EXPECT_EQ(one.err.find("input 0 "), npos) << one;
  EXPECT_NE(one.err.find("notice: input 1 "), npos) << one;
}

TEST_F(CliTest, InspectJsonListsOperatorsAndArena) {
  const CliResult r = Run({"inspect", "--json", SharedModel("hello_world_int8.tflite")});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_EQ(r.out.front(), '{') << r;
  EXPECT_NE(r.out.find("\"operators\": ["), npos) << r;
  EXPECT_NE(r.out.find("\"op\": \"FULLY_CONNECTED\""), npos) << r;
  EXPECT_NE(r.out.find("\"arena_bytes\": "), npos) << r;
  EXPECT_EQ(r.out.find("\"arena_bytes\": null"), npos) << r;
  EXPECT_NE(r.out.find("\"unsupported\": []"), npos) << r;
  // The input's quantization, as numbers.
  EXPECT_NE(r.out.find("\"quantization\": {\"scales\": [0.0244801156], \"zero_points\": [-128], "
                       "\"quantized_dimension\": 0}"),
            npos)
      << r;

  const CliResult text = Run({"inspect", SharedModel("hello_world_int8.tflite")});
  ASSERT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_NE(text.out.find("operators (3):"), npos) << text;
  EXPECT_NE(text.out.find("unsupported ops: none"), npos) << text;
  EXPECT_NE(text.out.find("arena bytes: "), npos) << text;
}

TEST_F(CliTest, BenchJsonPrintsLatencies) {
  const CliResult r = Run({"bench", SharedModel("hello_world_int8.tflite"), "--runs", "3",
                           "--warmup", "1", "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  for (const char* field : {"\"runs\": 3", "\"warmup\": 1", "\"load_ms\": ",
                            "\"first_invoke_ms\": ", "\"latency_ms\": {\"min\": ",
                            "\"median\": ", "\"p90\": ", "\"arena_bytes\": ",
                            "\"peak_rss_kb\": "}) {
    EXPECT_NE(r.out.find(field), npos) << field << "\n" << r;
  }
  const CliResult text = Run({"bench", SharedModel("hello_world_float.tflite"), "--runs=2",
                              "--warmup=0"});
  ASSERT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_NE(text.out.find("latency: min "), npos) << text;
}

TEST_F(CliTest, BenchReportsWhichKernelsRan) {
  const std::string model = SharedModel("person_detect.tflite");
  const CliResult reference =
      Run({"bench", model, "--runs", "1", "--warmup", "0", "--reference", "--json"});
  ASSERT_EQ(reference.exit_code, kExitOk) << reference;
  EXPECT_NE(reference.out.find("\"kernels\": \"reference\""), npos) << reference;
  const CliResult scalar = Run({"bench", model, "--runs", "1", "--warmup", "0", "--isa",
                                "scalar", "--threads", "2"});
  ASSERT_EQ(scalar.exit_code, kExitOk) << scalar;
  EXPECT_NE(scalar.out.find("kernels: scalar, threads: 2"), npos) << scalar;
}

TEST_F(CliTest, BenchJsonEscapesTheModelPath) {
  const std::vector<uint8_t> bytes = ReadBytes(SharedModel("hello_world_int8.tflite"));
  const std::string model = WriteFile("quote\"d.tflite", bytes.data(), bytes.size());
  const CliResult r = Run({"bench", model, "--runs", "1", "--warmup", "0", "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_NE(r.out.find("quote\\\"d.tflite"), npos) << r;
}

// ---- bench: peak RSS and --profile ----

// Every number that follows `key` in `text`, in order.
std::vector<double> NumbersAfter(const std::string& text, const std::string& key) {
  std::vector<double> numbers;
  for (size_t at = text.find(key); at != npos; at = text.find(key, at + key.size())) {
    numbers.push_back(std::strtod(text.c_str() + at + key.size(), nullptr));
  }
  return numbers;
}

double Sum(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum;
}

TEST_F(CliTest, BenchPeakRssIsItsOwnNotTheParents) {
  // Linux carries a parent's peak RSS over into a child's ru_maxrss; bench
  // must report its own. Make this (parent) process big first.
  std::vector<uint8_t> ballast(size_t{96} << 20);
  for (size_t i = 0; i < ballast.size(); i += 4096) ballast[i] = static_cast<uint8_t>(i >> 12);
  const CliResult r = Run({"bench", SharedModel("hello_world_int8.tflite"), "--runs", "1",
                           "--warmup", "0", "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  const std::vector<double> rss = NumbersAfter(r.out, "\"peak_rss_kb\": ");
  ASSERT_EQ(rss.size(), 1u) << r;
  EXPECT_GT(rss[0], 0.0) << r;
  EXPECT_LT(rss[0], 48.0 * 1024) << "bench reported the parent's RSS\n" << r;
  EXPECT_NE(ballast[4096], 7);  // keeps the ballast alive until here
}

struct ProfiledModel {
  std::vector<std::string> ops;  // per node position
};

ProfiledModel NodesOf(const std::string& path) {
  ProfiledModel result;
  auto model = Model::FromFile(path);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return result;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return result;
  for (int n = 0; n < (*interpreter)->num_nodes(); ++n) {
    result.ops.push_back((*interpreter)->node(n).op_name);
  }
  return result;
}

TEST_F(CliTest, BenchProfileListsEveryNodeSlowestFirst) {
  const std::string path = SharedModel("person_detect.tflite");
  const ProfiledModel model = NodesOf(path);
  ASSERT_GT(model.ops.size(), 10u);
  const CliResult r = Run({"bench", path, "--runs", "2", "--warmup", "0", "--profile"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  const size_t table = r.out.find("profile: mean of 2 invokes");
  const size_t by_op = r.out.find("by op type:");
  ASSERT_NE(table, npos) << r;
  ASSERT_NE(by_op, npos) << r;
  // Node rows: "  node  OP  [shape]  ms  share%".
  std::vector<int> seen(model.ops.size(), 0);
  std::vector<double> node_ms, node_share;
  size_t line = r.out.find('\n', r.out.find('\n', table) + 1) + 1;  // after the header
  for (; line < by_op; line = r.out.find('\n', line) + 1) {
    int node = -1;
    char op[64] = {0}, shape[64] = {0};
    double ms = -1, share = -1;
    ASSERT_EQ(std::sscanf(r.out.c_str() + line, "%d %63s %63s %lf %lf%%", &node, op, shape, &ms,
                          &share), 5)
        << r.out.substr(line, r.out.find('\n', line) - line);
    ASSERT_GE(node, 0);
    ASSERT_LT(static_cast<size_t>(node), model.ops.size());
    EXPECT_EQ(op, model.ops[static_cast<size_t>(node)]) << "node " << node;
    EXPECT_EQ(shape[0], '[');
    ++seen[static_cast<size_t>(node)];
    node_ms.push_back(ms);
    node_share.push_back(share);
  }
  for (size_t n = 0; n < seen.size(); ++n) EXPECT_EQ(seen[n], 1) << "node " << n;
  EXPECT_TRUE(std::is_sorted(node_ms.rbegin(), node_ms.rend())) << r;
  EXPECT_NEAR(Sum(node_share), 100.0, 0.5) << r;
  EXPECT_GT(Sum(node_ms), 0.0);
  // Op rows: "OP  nodes  ms  share%"; node counts add up to the model's.
  int op_nodes = 0;
  double op_share = 0;
  line = r.out.find('\n', r.out.find('\n', by_op) + 1) + 1;
  for (; line < r.out.size(); line = r.out.find('\n', line) + 1) {
    char op[64] = {0};
    int nodes = 0;
    double ms = 0, share = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str() + line, "%63s %d %lf %lf%%", op, &nodes, &ms, &share), 4);
    EXPECT_EQ(static_cast<size_t>(std::count(model.ops.begin(), model.ops.end(), op)),
              static_cast<size_t>(nodes)) << op;
    op_nodes += nodes;
    op_share += share;
  }
  EXPECT_EQ(static_cast<size_t>(op_nodes), model.ops.size());
  EXPECT_NEAR(op_share, 100.0, 0.5) << r;
}

TEST_F(CliTest, BenchProfileJsonHasNodesAndOps) {
  const std::string path = SharedModel("person_detect.tflite");
  const ProfiledModel model = NodesOf(path);
  const CliResult r = Run({"bench", path, "--runs", "2", "--warmup", "0", "--json", "--profile"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_NE(r.out.find("\"latency_ms\": {"), npos) << r;
  const size_t profile = r.out.find("\"profile\": {\"invokes\": 2, ");
  const size_t ops = r.out.find("\"ops\": [");
  ASSERT_NE(profile, npos) << r;
  ASSERT_NE(ops, npos) << r;
  const std::string nodes_part = r.out.substr(profile, ops - profile);
  const std::string ops_part = r.out.substr(ops);
  std::vector<double> nodes = NumbersAfter(nodes_part, "{\"node\": ");
  ASSERT_EQ(nodes.size(), model.ops.size()) << r;
  std::sort(nodes.begin(), nodes.end());
  for (size_t n = 0; n < nodes.size(); ++n) EXPECT_EQ(nodes[n], static_cast<double>(n));
  EXPECT_NEAR(Sum(NumbersAfter(nodes_part, "\"share\": ")), 100.0, 0.01) << r;
  EXPECT_NEAR(Sum(NumbersAfter(ops_part, "\"share\": ")), 100.0, 0.01) << r;
  EXPECT_EQ(Sum(NumbersAfter(ops_part, "\"nodes\": ")), static_cast<double>(model.ops.size()));
  EXPECT_EQ(r.out.substr(r.out.size() - 4), "]}}\n") << r;
}


// ---- run: dequantized values, --json, --top-k/--labels, images ----

// Every number that follows `key` in `text`, in order (defined above for bench).
std::vector<double> NumbersAfter(const std::string& text, const std::string& key);

// The numbers of the JSON array that starts right after `key`.
std::vector<double> JsonArrayAfter(const std::string& text, const std::string& key) {
  std::vector<double> numbers;
  size_t at = text.find(key);
  if (at == npos) return numbers;
  at = text.find('[', at + key.size());
  const size_t end = text.find(']', at);
  const char* p = text.c_str() + at + 1;
  while (p < text.c_str() + end) {
    char* next = nullptr;
    const double value = std::strtod(p, &next);
    if (next == p) break;
    numbers.push_back(value);
    p = next;
    while (*p == ',' || *p == ' ') ++p;
  }
  return numbers;
}

TEST_F(CliTest, RunPrintsDequantizedScoresNextToRawValues) {
  const std::string model = SharedModel("hello_world_int8.tflite");
  const float x = 1.5f;
  const std::string input = WriteNpy("x.npy", DataType::kFloat32, {1, 1}, &x, 4);
  const CliResult r = Run({"run", model, "--input", input, "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_TRUE(r.err.empty()) << r;
  EXPECT_NE(r.out.find("\"dtype\": \"int8\", \"shape\": [1, 1]"), npos) << r;
  const std::vector<double> raw = JsonArrayAfter(r.out, "\"values\": ");
  const std::vector<double> scales = JsonArrayAfter(r.out, "\"scales\": ");
  const std::vector<double> zero_points = JsonArrayAfter(r.out, "\"zero_points\": ");
  const std::vector<double> dequantized = JsonArrayAfter(r.out, "\"dequantized\": ");
  ASSERT_EQ(raw.size(), 1u) << r;
  ASSERT_EQ(scales.size(), 1u) << r;
  ASSERT_EQ(zero_points.size(), 1u) << r;
  ASSERT_EQ(dequantized.size(), 1u) << r;
  EXPECT_NEAR(dequantized[0], scales[0] * (raw[0] - zero_points[0]), 1e-6);
  EXPECT_NEAR(dequantized[0], std::sin(1.5), 0.1);
  // The text form shows both.
  const CliResult text = Run({"run", model, "--input", input});
  ASSERT_EQ(text.exit_code, kExitOk) << text;
  char expected[96];
  std::snprintf(expected, sizeof(expected), "[%d] dequantized [%.6g]", static_cast<int>(raw[0]),
                dequantized[0]);
  EXPECT_NE(text.out.find(expected), npos) << expected << "\n" << text;
  // A float model has no dequantized values.
  const CliResult fp = Run({"run", SharedModel("hello_world_float.tflite"), "--input", input,
                            "--json"});
  ASSERT_EQ(fp.exit_code, kExitOk) << fp;
  EXPECT_NE(fp.out.find("\"quantization\": null, \"values\": ["), npos) << fp;
  EXPECT_NE(fp.out.find("\"dequantized\": null}"), npos) << fp;
  EXPECT_NE(fp.out.find("\"top_k\": []}"), npos) << fp;
}

// Image inputs need the CLI built with libstb-dev (found natively; cross
// builds have no target libstb and test the error instead).
#ifdef BRASA_TESTS_HAVE_IMAGES
// The legacy uint8 MobileNet on the cat photo: bilinear resize to 128x128,
// pixels as they are; the top class is one of the cats (indices 281-286).
TEST_F(CliTest, RunClassifiesAnImageWithTopKAndLabels) {
  const std::string model = SharedModel("mobilenet_v1_0.25_128_quant.tflite");
  const std::string labels = SharedModel("imagenet_labels.txt");
  const CliResult r = Run({"run", model, "--input", SharedModel("cat.bmp"), "--top-k", "3",
                           "--labels", labels});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  EXPECT_NE(r.out.find("top 3 of output 0:"), npos) << r;
  const size_t first = r.out.find("  1. ");
  ASSERT_NE(first, npos) << r;
  int index = -1;
  double score = -1;
  ASSERT_EQ(std::sscanf(r.out.c_str() + first, "  1. %d %lf", &index, &score), 2) << r;
  EXPECT_GE(index, 281) << r;
  EXPECT_LE(index, 286) << r;
  EXPECT_GT(score, 0.1) << r;
  EXPECT_LE(score, 1.0) << r;
  EXPECT_NE(r.out.find("cat", first), npos) << r;
  EXPECT_NE(r.out.find("  3. "), npos) << r;
  EXPECT_EQ(r.out.find("  4. "), npos) << r;

  const CliResult json = Run({"run", model, "--input", SharedModel("cat.bmp"), "--labels",
                              labels, "--json"});
  ASSERT_EQ(json.exit_code, kExitOk) << json;
  // --labels alone ranks the top 5.
  EXPECT_EQ(NumbersAfter(json.out, "{\"index\": ").size(), 1u + 5u) << json;
  EXPECT_NE(json.out.find("\"top_k\": [{\"index\": " + std::to_string(index)), npos) << json;
  const std::vector<double> scores = NumbersAfter(json.out, "\"score\": ");
  ASSERT_EQ(scores.size(), 5u);
  EXPECT_TRUE(std::is_sorted(scores.rbegin(), scores.rend())) << json;
}

TEST_F(CliTest, RunImageErrorsNameTheInputAndTheFile) {
  const std::string person = SharedModel("person_detect.tflite");
  EXPECT_TRUE(FailsWith(Run({"run", person, "--input", Path("missing.png")}), kExitError,
                        "cannot read image '" + Path("missing.png") + "'"));
  const std::string fake = WriteFile("fake.jpg", "not a jpeg");
  EXPECT_TRUE(FailsWith(Run({"run", person, "--input", fake}), kExitError,
                        "not a valid image file"));
  EXPECT_TRUE(FailsWith(Run({"run", SharedModel("hello_world_float.tflite"), "--input",
                             SharedModel("cat.bmp")}),
                        kExitError, "an image needs an input of shape [1,H,W,1|3] or [1,1|3,H,W]"));
  EXPECT_TRUE(FailsWith(Run({"run", person, "--labels", Path("nolabels.txt")}), kExitError,
                        "cannot read labels"));
}

// A 24-bit BMP of `width` x `height` gray pixels (rows top first).
std::string GrayBmp(int width, int height, const std::vector<uint8_t>& gray) {
  const int row_bytes = (width * 3 + 3) / 4 * 4;
  const uint32_t size = 54 + static_cast<uint32_t>(row_bytes * height);
  std::string file(54, '\0');
  auto put32 = [&](size_t at, uint32_t v) {
    for (int b = 0; b < 4; ++b) file[at + static_cast<size_t>(b)] = static_cast<char>(v >> (8 * b));
  };
  file[0] = 'B';
  file[1] = 'M';
  put32(2, size);
  put32(10, 54);
  put32(14, 40);
  put32(18, static_cast<uint32_t>(width));
  put32(22, static_cast<uint32_t>(height));
  file[26] = 1;
  file[28] = 24;
  for (int y = height - 1; y >= 0; --y) {  // BMP rows go bottom first
    std::string row(static_cast<size_t>(row_bytes), '\0');
    for (int x = 0; x < width; ++x) {
      const char v = static_cast<char>(gray[static_cast<size_t>(y * width + x)]);
      row[static_cast<size_t>(3 * x)] = row[static_cast<size_t>(3 * x + 1)] =
          row[static_cast<size_t>(3 * x + 2)] = v;
    }
    file += row;
  }
  return file;
}

// input [1,2,2,1] of `type` -> ADD 0 -> output: the output is the input as fed.
ModelBuilder PassThroughModel(TensorType type, bool quantized) {
  ModelBuilder builder;
  const int in = builder.AddTensor(type, {1, 2, 2, 1}, "image");
  int zero;
  if (type == TensorType::FLOAT32) {
    zero = builder.AddConstTensor<float>(type, {1}, {0.0f});
  } else if (type == TensorType::UINT8) {
    zero = builder.AddConstTensor<uint8_t>(type, {1}, {0});
  } else {
    zero = builder.AddConstTensor<int8_t>(type, {1}, {-128});
  }
  const int out = builder.AddTensor(type, {1, 2, 2, 1}, "out");
  if (quantized) {
    for (int t : {in, zero, out}) {
      builder.tensor(t).scales = {1.0f};
      builder.tensor(t).zero_points = {type == TensorType::UINT8 ? 0 : -128};
    }
  }
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(0);  // ADD
  op.inputs = {in, zero};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder;
}

TEST_F(CliTest, RunConvertsImagePixelsAsTheInputTypeExpects) {
  const std::string image = WriteFile("gray.bmp", GrayBmp(2, 2, {0, 64, 200, 255}));
  struct Case {
    TensorType type;
    bool quantized;
    std::vector<std::string> extra;
    std::vector<double> expected;
  };
  const Case cases[] = {
      {TensorType::FLOAT32, false, {}, {-1.0, (64 - 127.5) / 127.5, (200 - 127.5) / 127.5, 1.0}},
      {TensorType::FLOAT32, false, {"--mean", "0", "--std", "255"},
       {0.0, 64 / 255.0, 200 / 255.0, 1.0}},
      {TensorType::UINT8, true, {}, {0, 64, 200, 255}},
      {TensorType::INT8, true, {}, {-128, -64, 72, 127}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.type));
    const std::string model = WriteModel("pass.tflite", PassThroughModel(c.type, c.quantized));
    std::vector<std::string> args = {"run", model, "--input", image, "--json"};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const CliResult r = Run(args);
    ASSERT_EQ(r.exit_code, kExitOk) << r;
    const std::vector<double> values = JsonArrayAfter(r.out, "\"values\": ");
    ASSERT_EQ(values.size(), 4u) << r;
    for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(values[i], c.expected[i], 1e-6) << r;
  }
}

// A 4x4 image into a 2x2 input: bilinear at half-pixel centers averages each
// 2x2 block (TensorFlow's resize_bilinear, no antialiasing).
TEST_F(CliTest, RunResizesImagesBilinearly) {
  const std::vector<uint8_t> gray = {0, 20, 100, 100, 40, 60, 100, 100,
                                     10, 10, 0, 255, 10, 10, 255, 0};
  const std::string image = WriteFile("four.bmp", GrayBmp(4, 4, gray));
  const std::string model = WriteModel("pass.tflite", PassThroughModel(TensorType::UINT8, true));
  const CliResult r = Run({"run", model, "--input", image, "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  const std::vector<double> values = JsonArrayAfter(r.out, "\"values\": ");
  ASSERT_EQ(values.size(), 4u) << r;
  EXPECT_EQ(values[0], 30);   // (0 + 20 + 40 + 60) / 4
  EXPECT_EQ(values[1], 100);
  EXPECT_EQ(values[2], 10);
  EXPECT_EQ(values[3], 128);  // 127.5 rounds half away from zero
}

// person_detect on the bundled photos: the person score (output index 1) is
// clearly higher for the photo with a person (bilinear resize gives 0.48
// against 0.20; a zero-filled or garbled input would score both the same).
TEST_F(CliTest, RunFeedsGrayImagesToPersonDetect) {
  const std::string model = SharedModel("person_detect.tflite");
  auto person_score = [&](const std::string& photo) {
    const CliResult r = Run({"run", model, "--input", SharedModel(photo), "--json"});
    EXPECT_EQ(r.exit_code, kExitOk) << r;
    const std::vector<double> scores = JsonArrayAfter(r.out, "\"dequantized\": ");
    EXPECT_EQ(scores.size(), 2u) << r;
    return scores.size() == 2 ? scores[1] : -1.0;
  };
  const double with = person_score("person.bmp"), without = person_score("no_person.bmp");
  EXPECT_GT(with - without, 0.2) << with << " vs " << without;
  EXPECT_LT(without, 0.5);
}
#else
TEST_F(CliTest, ImageInputWithoutImageSupportIsAClearError) {
  const CliResult r = Run({"run", SharedModel("person_detect.tflite"), "--input",
                           SharedModel("person.bmp")});
  EXPECT_TRUE(FailsWith(r, 1, "built without image support"));
}
#endif  // BRASA_TESTS_HAVE_IMAGES

// ---- inspect: per-op facts, totals, the arena peak, SVGs ----

TEST_F(CliTest, InspectShowsShapesOptionsMacsAndWeightsPerOp) {
  const std::string path = SharedModel("person_detect.tflite");
  const CliResult r = Run({"inspect", path});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  // The first op: a 3x3 depthwise conv with depth multiplier 8, stride 2,
  // 96x96x1 -> 48x48x8 = 18432 outputs x 9 MACs; weights 8x9 bytes + 8 int32 biases.
  EXPECT_NE(r.out.find("     0 DEPTHWISE_CONV_2D      [1,48,48,8]             165888         104  "
                       "stride 2x2 padding SAME dilation 1x1 depth_multiplier 8 activation RELU6"),
            npos)
      << r;
  EXPECT_NE(r.out.find("CONV_2D                [1,48,48,16]"), npos) << r;
  EXPECT_NE(r.out.find("stride 1x1 padding SAME dilation 1x1 activation RELU6"), npos) << r;
  EXPECT_NE(r.out.find("AVERAGE_POOL_2D"), npos) << r;
  EXPECT_NE(r.out.find("total: "), npos) << r;
  EXPECT_NE(r.out.find("arena peak: step "), npos) << r;
  // One line per op, not one per tensor.
  EXPECT_EQ(r.out.find("tensors ("), npos) << r;
  EXPECT_LT(std::count(r.out.begin(), r.out.end(), '\n'), 60) << r;

  // JSON: the MACs agree with the shapes the interpreter prepared.
  auto model = Model::FromFile(path);
  ASSERT_TRUE(model.ok());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok());
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  const CliResult json = Run({"inspect", path, "--json"});
  ASSERT_EQ(json.exit_code, kExitOk) << json;
  const std::vector<double> macs = NumbersAfter(json.out, "\"macs\": ");
  const std::vector<double> weights = NumbersAfter(json.out, "\"weight_bytes\": ");
  ASSERT_EQ(macs.size(), static_cast<size_t>((*interpreter)->num_nodes()));
  double total = 0, total_weights = 0;
  for (int n = 0; n < (*interpreter)->num_nodes(); ++n) {
    const NodeInfo node = (*interpreter)->node(n);
    const Shape& out = (*interpreter)->tensor(node.outputs[0])->shape;
    double expected = 0;
    if (node.op_name == "CONV_2D" || node.op_name == "DEPTHWISE_CONV_2D") {
      // Only these have a filter input (ASan: other nodes may have one input).
      const Shape& filter = (*interpreter)->tensor(node.inputs[1])->shape;
      expected = static_cast<double>(ElementCount(out)) * filter[1] * filter[2] *
                 (node.op_name == "CONV_2D" ? filter[3] : 1);
    }
    EXPECT_EQ(macs[static_cast<size_t>(n)], expected) << "node " << n << " " << node.op_name;
    total += macs[static_cast<size_t>(n)];
    total_weights += weights[static_cast<size_t>(n)];
  }
  EXPECT_EQ(NumbersAfter(json.out, "\"total_macs\": "), std::vector<double>{total});
  EXPECT_EQ(NumbersAfter(json.out, "\"total_weight_bytes\": "),
            std::vector<double>{total_weights});
  EXPECT_GT(total_weights, 200000);  // person_detect is about 300 KB of int8 weights
  EXPECT_NE(json.out.find("\"options\": {\"stride\": \"1x1\", \"padding\": \"SAME\", "
                          "\"dilation\": \"1x1\", \"activation\": \"RELU6\"}"),
            npos)
      << json;
  // The arena peak is the step where the planner's lower bound is reached.
  const std::vector<double> lower = NumbersAfter(json.out, "\"arena_lower_bound\": ");
  ASSERT_EQ(lower.size(), 1u);
  EXPECT_EQ(NumbersAfter(json.out, "\"bytes\": "), std::vector<double>{lower[0]}) << json;
  EXPECT_EQ(NumbersAfter(json.out, "\"arena_peak\": {\"step\": ").size(), 1u) << json;
}

// A FULLY_CONNECTED whose [4,6] weights are stored sparse (5 of 24 values,
// rows dense, columns compressed): inspect shows both sizes.
TEST_F(CliTest, InspectShowsSparseTensorsStoredAndDenseBytes) {
  ModelBuilder builder;
  const std::vector<float> values = {1, 2, 3, 4, 5};
  testing::TensorSpec weight;
  weight.shape = {4, 6};
  weight.name = "pruned";
  weight.buffer = builder.AddBuffer(values.data(), values.size() * sizeof(float));
  weight.sparsity.present = true;
  weight.sparsity.traversal_order = {0, 1};
  testing::SparseLevelSpec rows, columns;
  rows.dense_size = 4;
  columns.compressed = true;
  columns.segments = {0, 2, 2, 4, 5};
  columns.indices = {1, 4, 0, 5, 3};
  weight.sparsity.levels = {rows, columns};
  const int w = builder.AddTensor(weight);
  const int in = builder.AddTensor(TensorType::FLOAT32, {1, 6}, "in");
  const int out = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(9);  // FULLY_CONNECTED
  op.inputs = {in, w, -1};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const std::string model = WriteModel("sparse_fc.tflite", builder);

  const CliResult text = Run({"inspect", model});
  ASSERT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_NE(text.out.find("sparse tensors (stored bytes / dense bytes):\n"
                          "  tensor 0 'pruned' float32 [4,6]: 20 / 96\n"),
            npos)
      << text;
  EXPECT_NE(text.out.find("sparse kernels: float32 1x1 CONV_2D and FULLY_CONNECTED weights with >= "), npos) << text;
  const CliResult json = Run({"inspect", model, "--json"});
  ASSERT_EQ(json.exit_code, kExitOk) << json;
  EXPECT_NE(json.out.find("\"sparse\": {\"stored_bytes\": 20, \"dense_bytes\": 96}"), npos)
      << json;
  // Only the sparse tensor has the field.
  EXPECT_EQ(NumbersAfter(json.out, "\"stored_bytes\": ").size(), 1u) << json;

  // A dense model lists no sparse tensors.
  const CliResult plain = Run({"inspect", SharedModel("person_detect.tflite")});
  EXPECT_EQ(plain.out.find("sparse tensors"), npos) << plain;
}

TEST_F(CliTest, InspectJsonHasPerChannelQuantizationAsNumbers) {
  const CliResult r = Run({"inspect", SharedModel("person_detect.tflite"), "--json"});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  // The first (depthwise) conv's filter [1,3,3,8]: 8 scales and zero points
  // along dimension 3.
  auto model = Model::FromFile(SharedModel("person_detect.tflite"));
  ASSERT_TRUE(model.ok());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok());
  const int filter = (*interpreter)->node(0).inputs[1];
  const Quantization& q = (*interpreter)->tensor(filter)->quantization;
  ASSERT_EQ(q.scales.size(), 8u);
  const std::string key = "{\"index\": " + std::to_string(filter) + ", ";
  const size_t at = r.out.find(key);
  ASSERT_NE(at, npos) << r;
  const std::string row = r.out.substr(at, r.out.find('\n', at) - at);
  const std::vector<double> scales = JsonArrayAfter(row, "\"scales\": ");
  ASSERT_EQ(scales.size(), 8u) << row;
  for (size_t c = 0; c < 8; ++c) EXPECT_FLOAT_EQ(static_cast<float>(scales[c]), q.scales[c]);
  EXPECT_EQ(JsonArrayAfter(row, "\"zero_points\": "), std::vector<double>(8, 0.0)) << row;
  EXPECT_NE(row.find("\"quantized_dimension\": " + std::to_string(q.quantized_dimension) + "}"),
            npos)
      << row;
}

TEST_F(CliTest, InspectWritesGraphAndArenaSvgs) {
  const std::string graph = Path("graph.svg"), arena = Path("arena.svg");
  const CliResult r = Run({"inspect", SharedModel("person_detect.tflite"), "--svg", graph,
                           "--arena-svg", arena});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  const std::string g = ReadText(graph), a = ReadText(arena);
  ASSERT_EQ(g.rfind("<?xml", 0), 0u) << g.substr(0, 200);
  ASSERT_EQ(a.rfind("<?xml", 0), 0u) << a.substr(0, 200);
  EXPECT_NE(g.find("</svg>"), npos);
  EXPECT_NE(a.find("</svg>"), npos);
  // Graph: one box per op (+ input and output), with its name and output shape.
  EXPECT_NE(g.find(">0 DEPTHWISE_CONV_2D</text>"), npos);
  EXPECT_NE(g.find(">out [1,48,48,8]</text>"), npos);
  EXPECT_NE(g.find(">30 SOFTMAX</text>"), npos);
  EXPECT_NE(g.find("marker-end: url(#arrow)"), npos);
  // Arena: one box per planned buffer, and the peak.
  EXPECT_NE(a.find("peak: step "), npos);
  EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 30);
  EXPECT_NE(a.find("'input' [1,96,96,1]: offset "), npos);
  const CliResult bad = Run({"inspect", SharedModel("person_detect.tflite"), "--svg",
                             Path("no_dir/graph.svg")});
  EXPECT_TRUE(FailsWith(bad, kExitError, "cannot write '" + Path("no_dir/graph.svg") + "'"));
  const CliResult unsupported = Run({"inspect", WriteModel("u.tflite", UnsupportedOpModel()),
                                     "--arena-svg", arena});
  EXPECT_EQ(unsupported.exit_code, kExitError) << unsupported;
}


// A delegate partition is drawn as one dashed box that says how many ops it runs.
TEST(InspectSvgTest, GraphSvgMarksDelegatePartitions) {
  tools::InspectReport report;
  report.inputs = {0};
  report.outputs = {2};
  for (int t = 0; t < 3; ++t) {
    tools::TensorRow row;
    row.index = t;
    row.name = "t" + std::to_string(t);
    row.shape = {1, 4};
    report.tensors.push_back(row);
  }
  tools::OperatorRow plain;
  plain.index = 0;
  plain.name = "RELU";
  plain.inputs = {0};
  plain.outputs = {1};
  plain.output_shape = {1, 4};
  tools::OperatorRow partition;
  partition.index = 1;
  partition.name = "TEST_DELEGATE";
  partition.inputs = {1};
  partition.outputs = {2};
  partition.output_shape = {1, 4};
  partition.delegated_nodes = {1, 2, 3};
  report.operators = {plain, partition};
  const std::string svg = tools::GraphSvg(report);
  EXPECT_NE(svg.find(">1 TEST_DELEGATE</text>"), npos) << svg;
  EXPECT_NE(svg.find(">delegate partition: 3 ops</text>"), npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray"), npos) << svg;
  EXPECT_NE(svg.find(">0 RELU</text>"), npos) << svg;
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 5, true);
}

// The first executable called `name` on PATH, or "".
std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// Renders both SVGs of person_detect in a real browser (headless chromium)
// and checks the screenshots show a drawing. Runs where chromium is installed
// (`./dev.sh test` installs it, so CI runs it); skipped, and reported as skipped,
// elsewhere.
TEST_F(CliTest, SvgsRenderInChromium) {
  const std::string chromium = FindOnPath("chromium");
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (./dev.sh test installs it)";
#ifndef BRASA_TESTS_HAVE_IMAGES
  GTEST_SKIP() << "built without libstb-dev: cannot decode the screenshots";
#else
  const std::string graph = Path("graph.svg"), arena = Path("arena.svg");
  const CliResult r = Run({"inspect", SharedModel("person_detect.tflite"), "--svg", graph,
                           "--arena-svg", arena});
  ASSERT_EQ(r.exit_code, kExitOk) << r;
  for (const std::string& svg : {graph, arena}) {
    SCOPED_TRACE(svg);
    const std::string png = svg + ".png";
    const CliResult shot = RunProgram(
        chromium, {"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--user-data-dir=" + Path("chromium_profile"), "--window-size=1100,900",
                   "--screenshot=" + png, "file://" + svg});
    ASSERT_EQ(shot.exit_code, 0) << shot;
    const std::vector<uint8_t> bytes = ReadBytes(png);
    EXPECT_GT(bytes.size(), 10000u) << "a blank 1100x900 page compresses to a few KB";
    auto image = brasa_examples::LoadImage(png, 3);
    ASSERT_TRUE(image.ok()) << image.status().ToString();
    EXPECT_EQ(image->width, 1100);
    EXPECT_EQ(image->height, 900);
    size_t drawn = 0;
    std::vector<bool> colors(1 << 15, false);
    size_t distinct = 0;
    for (size_t p = 0; p + 2 < image->pixels.size(); p += 3) {
      const uint8_t red = image->pixels[p], green = image->pixels[p + 1], blue = image->pixels[p + 2];
      if (red < 240 || green < 240 || blue < 240) ++drawn;
      const size_t key = static_cast<size_t>((red >> 3) << 10 | (green >> 3) << 5 | (blue >> 3));
      if (!colors[key]) {
        colors[key] = true;
        ++distinct;
      }
    }
    const double share = static_cast<double>(drawn) / (image->width * image->height);
    EXPECT_GT(share, 0.03) << "too little drawn: " << share;
    EXPECT_GT(distinct, 8u) << "the drawing has boxes of several colors";
  }
#endif
}

}  // namespace
}  // namespace brasa
