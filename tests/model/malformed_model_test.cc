// Malformed models: every broken file must be rejected with a Status whose
// message names the problem, and nothing may crash or hang. Covers the
// structural checks (size, identifier, flatbuffers verification, alignment,
// files), the semantic checks of src/model/verify.cc (indices, shapes,
// buffers, quantization, schema version), the interpreter's checks at Create
// (unsupported operators) and AllocateTensors (arena cap), and a seeded
// corruption loop over real models.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr size_t npos = std::string::npos;
constexpr int32_t kAdd = 0;
constexpr int32_t kCustom = 32;
constexpr int32_t kRfft2d = 131;  // a builtin brasa does not run

std::string SharedModelPath(const std::string& name) {
  return std::string(BRASA_SHARED_MODELS_DIR) + "/" + name;
}

// Reads a model from the shared models folder. A missing folder fails the
// test (it never skips): these tests are worthless without real models.
bool ReadSharedModel(const std::string& name, std::vector<uint8_t>* bytes) {
  std::ifstream file(SharedModelPath(name), std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "cannot read " << SharedModelPath(name)
                  << " (BRASA_SHARED_MODELS_DIR must point at the shared models)";
    return false;
  }
  bytes->assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  return !bytes->empty();
}

// Succeeds when `status` failed with `code` and its message contains `fragment`.
::testing::AssertionResult FailsWith(const Status& status, StatusCode code,
                                     const std::string& fragment) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded; expected " << fragment;
  if (status.code() != code) {
    return ::testing::AssertionFailure()
           << "code " << StatusCodeName(status.code()) << ", expected " << StatusCodeName(code)
           << ": " << status.message();
  }
  if (status.message().find(fragment) == npos) {
    return ::testing::AssertionFailure()
           << "message '" << status.message() << "' does not contain '" << fragment << "'";
  }
  return ::testing::AssertionSuccess();
}

Status LoadStatus(const AlignedBytes& bytes) {
  return Model::FromBuffer(bytes.data(), bytes.size()).status();
}

// Loads `bytes` (which must verify) and creates an interpreter for it.
Status CreateStatus(const AlignedBytes& bytes, const OpResolver& resolver) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) return InternalError("load failed: " + model.status().message());
  return Interpreter::Create(**model, resolver).status();
}

// a [1,4] + b [1,4] -> ADD -> sum [1,4]: the valid model the broken ones start from.
ModelBuilder AddModel() {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int b = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "b");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, b};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a, b});
  builder.SetOutputs({sum});
  return builder;
}

// One quantized tensor [3,2] of `type` (graph input and output, no operators).
ModelBuilder QuantizedTensorModel(TensorType type, std::vector<float> scales,
                                  std::vector<int64_t> zero_points, int32_t dimension = 0) {
  ModelBuilder builder;
  testing::TensorSpec spec;
  spec.type = type;
  spec.shape = {3, 2};
  spec.name = "q";
  spec.scales = std::move(scales);
  spec.zero_points = std::move(zero_points);
  spec.quantized_dimension = dimension;
  const int t = builder.AddTensor(spec);
  builder.SetInputs({t});
  builder.SetOutputs({t});
  return builder;
}

// Copies its input to its output; sets the output shape to the input's.
Status CopyPrepare(KernelContext& context) {
  return context.ResizeOutput(0, context.input(0)->shape);
}
Status CopyEval(KernelContext& context) {
  std::memcpy(context.output(0)->data, context.input(0)->data, context.input(0)->bytes);
  return Status::Ok();
}
const OpKernel kCopyKernel = {"COPY", CopyPrepare, CopyEval};

// ---- Structure: size, identifier, verification, alignment, files ----

TEST(MalformedModelTest, NullBufferIsRejected) {
  EXPECT_TRUE(FailsWith(Model::FromBuffer(nullptr, 0).status(), StatusCode::kInvalidArgument,
                        "null"));
}

TEST(MalformedModelTest, EmptyBufferIsRejected) {
  AlignedBytes empty;
  EXPECT_TRUE(FailsWith(LoadStatus(empty), StatusCode::kInvalidModel, "too small"));
}

TEST(MalformedModelTest, TooSmallBufferIsRejected) {
  const uint8_t tiny[7] = {4, 0, 0, 0, 'T', 'F', 'L'};
  EXPECT_TRUE(FailsWith(LoadStatus(AlignedBytes(tiny, sizeof(tiny))), StatusCode::kInvalidModel,
                        "too small"));
}

TEST(MalformedModelTest, WrongFileIdentifierIsRejected) {
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(ReadSharedModel("hello_world_int8.tflite", &bytes));
  std::memcpy(bytes.data() + 4, "TFL2", 4);
  EXPECT_TRUE(FailsWith(LoadStatus(AlignedBytes(bytes.data(), bytes.size())),
                        StatusCode::kInvalidModel, "file identifier"));
  std::vector<uint8_t> text(64, 'x');
  EXPECT_TRUE(FailsWith(LoadStatus(AlignedBytes(text.data(), text.size())),
                        StatusCode::kInvalidModel, "not a TensorFlow Lite model"));
}

TEST(MalformedModelTest, TruncatedRealModelsAreRejected) {
  for (const char* name : {"person_detect.tflite", "hello_world_int8.tflite"}) {
    std::vector<uint8_t> bytes;
    ASSERT_TRUE(ReadSharedModel(name, &bytes));
    ASSERT_TRUE(LoadStatus(AlignedBytes(bytes.data(), bytes.size())).ok()) << name;
    const size_t size = bytes.size();
    for (size_t cut : {size_t{0}, size_t{4}, size_t{8}, size_t{12}, size_t{64}, size / 10,
                       size / 3, size / 2, size - size / 4, size - 64, size - 8, size - 1}) {
      SCOPED_TRACE(std::string(name) + " cut to " + std::to_string(cut) + " bytes");
      const Status status = LoadStatus(AlignedBytes(bytes.data(), cut));
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.code(), StatusCode::kInvalidModel) << status.message();
      const std::string& message = status.message();
      EXPECT_TRUE(message.find("truncated or corrupt") != npos ||
                  message.find("too small") != npos)
          << message;
    }
  }
}

TEST(MalformedModelTest, MisalignedBufferIsRejected) {
  const AlignedBytes valid = AddModel().Finish();
  ASSERT_TRUE(LoadStatus(valid).ok());
  // The same bytes one byte past a 16-byte boundary.
  std::vector<uint64_t> storage(valid.size() / 8 + 4);
  uint8_t* base = reinterpret_cast<uint8_t*>(storage.data());
  base += (16 - reinterpret_cast<uintptr_t>(base) % 16) % 16 + 1;
  std::memcpy(base, valid.data(), valid.size());
  EXPECT_TRUE(FailsWith(Model::FromBuffer(base, valid.size()).status(),
                        StatusCode::kInvalidArgument, "16-byte aligned"));
  EXPECT_TRUE(FailsWith(Model::FromBuffer(base + 7, valid.size()).status(),
                        StatusCode::kInvalidArgument, "16-byte aligned"));
}

// A temporary directory, removed (with the files the tests put in it) at the end.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/brasa_malformed_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
  }
  ~ScratchDir() {
    for (const std::string& file : files_) std::remove(file.c_str());
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->c_str());
    if (!path_.empty()) ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name, const void* data, size_t size) {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    files_.push_back(file);
    return file;
  }
  // Removes `path` with the directory.
  std::string Track(const std::string& path) {
    files_.push_back(path);
    return path;
  }
  std::string Dir(const std::string& name) {
    const std::string dir = path_ + "/" + name;
    ::mkdir(dir.c_str(), 0700);
    dirs_.push_back(dir);
    return dir;
  }

 private:
  std::string path_;
  std::vector<std::string> files_, dirs_;
};

TEST(MalformedModelTest, MissingFileIsNotFoundAndNamesThePath) {
  const std::string path = SharedModelPath("no_such_model_here.tflite");
  const Status status = Model::FromFile(path).status();
  EXPECT_TRUE(FailsWith(status, StatusCode::kNotFound, path));
}

TEST(MalformedModelTest, DirectoryIsRejectedAndNamed) {
  ScratchDir scratch;
  ASSERT_FALSE(scratch.path().empty());
  const std::string dir = scratch.Dir("a_directory.tflite");
  const Status status = Model::FromFile(dir).status();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(dir), npos) << status.message();
  EXPECT_NE(status.message().find("not a regular file"), npos) << status.message();
}

TEST(MalformedModelTest, EmptyAndTruncatedFilesAreRejectedAndNamed) {
  ScratchDir scratch;
  ASSERT_FALSE(scratch.path().empty());
  const std::string empty = scratch.File("empty.tflite", "", 0);
  EXPECT_TRUE(FailsWith(Model::FromFile(empty).status(), StatusCode::kInvalidModel, "empty"));
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(ReadSharedModel("hello_world_int8.tflite", &bytes));
  const std::string half = scratch.File("half.tflite", bytes.data(), bytes.size() / 2);
  const Status status = Model::FromFile(half).status();
  EXPECT_TRUE(FailsWith(status, StatusCode::kInvalidModel, "truncated or corrupt"));
  EXPECT_NE(status.message().find(half), npos) << status.message();
}

TEST(MalformedModelTest, FifoIsRejectedWithoutBlocking) {
  ScratchDir scratch;
  ASSERT_FALSE(scratch.path().empty());
  const std::string fifo = scratch.Track(scratch.path() + "/pipe.tflite");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Status status = Model::FromFile(fifo).status();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a regular file"), npos) << status.message();
}

TEST(MalformedModelTest, RealModelsLoadFromFile) {
  // The positive control for the tests above (and a check that the shared
  // models are where the build says they are).
  for (const char* name : {"hello_world_int8.tflite", "person_detect.tflite",
                           "micro_speech_quantized.tflite"}) {
    auto model = Model::FromFile(SharedModelPath(name));
    EXPECT_TRUE(model.ok()) << name << ": " << model.status().ToString();
  }
}

// ---- Semantics: indices ----

TEST(MalformedModelTest, OperatorInputOutOfRange) {
  ModelBuilder builder;
  OperatorSpec op;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, 7};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a});
  builder.SetOutputs({sum});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "node 0 input refers to tensor 7, out of range (2 tensors)"));
}

TEST(MalformedModelTest, OperatorInputNegativeOtherThanOmitted) {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, -2};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a});
  builder.SetOutputs({sum});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "refers to tensor -2"));
}

TEST(MalformedModelTest, OperatorOutputOutOfRangeOrOmitted) {
  for (int32_t bad : {3, 1000000, -1}) {
    ModelBuilder builder;
    const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
    const int b = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "b");
    const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
    OperatorSpec op;
    op.opcode_index = builder.AddOperatorCode(kAdd);
    op.inputs = {a, b};
    op.outputs = {bad};
    builder.AddOperator(op);
    builder.SetInputs({a, b});
    builder.SetOutputs({sum});
    EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                          "node 0 output refers to tensor " + std::to_string(bad)));
  }
}

TEST(MalformedModelTest, SubgraphInputsAndOutputsOutOfRange) {
  ModelBuilder inputs = AddModel();
  inputs.SetInputs({0, 3});
  EXPECT_TRUE(FailsWith(LoadStatus(inputs.Finish()), StatusCode::kInvalidModel,
                        "subgraph 0 inputs refers to tensor 3, out of range (3 tensors)"));
  ModelBuilder negative = AddModel();
  negative.SetInputs({-1, 1});
  EXPECT_TRUE(FailsWith(LoadStatus(negative.Finish()), StatusCode::kInvalidModel,
                        "subgraph 0 inputs refers to tensor -1"));
  ModelBuilder outputs = AddModel();
  outputs.SetOutputs({99});
  EXPECT_TRUE(FailsWith(LoadStatus(outputs.Finish()), StatusCode::kInvalidModel,
                        "subgraph 0 outputs refers to tensor 99"));
}

TEST(MalformedModelTest, OpcodeIndexOutOfRange) {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  builder.AddOperatorCode(kAdd);
  OperatorSpec op;
  op.opcode_index = 5;
  op.inputs = {a, a};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a});
  builder.SetOutputs({sum});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "node 0: opcode index 5 is out of range (1 codes)"));
}

TEST(MalformedModelTest, BufferIndexOutOfRange) {
  ModelBuilder builder = AddModel();
  builder.tensor(1).buffer = 42;
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "buffer index 42 is out of range (1 buffers)"));
}

TEST(MalformedModelTest, GraphInputThatIsConstantIsRejectedAtCreate) {
  ModelBuilder builder;
  const int weights = builder.AddConstTensor<float>(TensorType::FLOAT32, {2}, {1.0f, 2.0f});
  const int out = builder.AddTensor(TensorType::FLOAT32, {2}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, "COPY");
  op.inputs = {weights};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({weights});
  builder.SetOutputs({out});
  OpResolver resolver;
  resolver.AddCustom("COPY", &kCopyKernel);
  EXPECT_TRUE(FailsWith(CreateStatus(builder.Finish(), resolver), StatusCode::kInvalidModel,
                        "graph input tensor 0 is a constant"));
}

TEST(MalformedModelTest, OperatorWritingAConstantIsRejectedAtLoad) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {2}, "in");
  const int weights = builder.AddConstTensor<float>(TensorType::FLOAT32, {2}, {1.0f, 2.0f});
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, "COPY");
  op.inputs = {in};
  op.outputs = {weights};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({weights});
  OpResolver resolver;
  resolver.AddCustom("COPY", &kCopyKernel);
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "subgraph 0 node 0 writes constant tensor 1 (const1)"));
}

// ---- Semantics: shapes and buffers ----

TEST(MalformedModelTest, NegativeDimension) {
  ModelBuilder builder = AddModel();
  builder.tensor(0).shape = {1, -3};
  const Status status = LoadStatus(builder.Finish());
  EXPECT_TRUE(FailsWith(status, StatusCode::kInvalidModel, "negative dimension (-3)"));
  EXPECT_NE(status.message().find("tensor 0 (a)"), npos) << status.message();
}

TEST(MalformedModelTest, RankAboveEightIsUnsupported) {
  ModelBuilder builder = AddModel();
  builder.tensor(2).shape = {1, 1, 1, 1, 1, 1, 1, 1, 4};
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kUnsupported,
                        "rank 9 exceeds the maximum of 8"));
}

TEST(MalformedModelTest, ElementCountOverflowIsRejectedAtLoad) {
  ModelBuilder builder = AddModel();
  const int32_t big = std::numeric_limits<int32_t>::max();
  builder.tensor(1).shape = {big, big, big};
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "shape [2147483647,2147483647,2147483647] is too large"));
}

TEST(MalformedModelTest, ByteSizeOverflowIsRejectedAtAllocateTensors) {
  // 2^40 float elements: the element count passes the load check, the byte
  // size (2^42) does not; the activation is caught when it is sized.
  ModelBuilder builder;
  const int t = builder.AddTensor(TensorType::FLOAT32, {1 << 20, 1 << 20}, "huge");
  builder.SetInputs({t});
  builder.SetOutputs({t});
  const AlignedBytes bytes = builder.Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) {
    // Rejecting it at load is just as good.
    EXPECT_NE(model.status().message().find("too large"), npos) << model.status().message();
    return;
  }
  auto interpreter = Interpreter::Create(**model, OpResolver());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  EXPECT_TRUE(FailsWith((*interpreter)->AllocateTensors(), StatusCode::kInvalidModel,
                        "shape [1048576,1048576] of float32 has no valid byte size"));
}

TEST(MalformedModelTest, ConstantBufferSmallerThanItsTensor) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int weights = builder.AddConstTensor<float>(TensorType::FLOAT32, {4}, {1.0f, 2.0f});
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {in, weights};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "constant buffer 1 holds 8 bytes, shape [4] needs 16"));
}

TEST(MalformedModelTest, ConstantOfStringTypeIsUnsupported) {
  ModelBuilder builder = AddModel();
  const uint8_t text[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
  builder.tensor(1).type = TensorType::STRING;
  builder.tensor(1).buffer = builder.AddBuffer(text, sizeof(text));
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kUnsupported,
                        "constant of type STRING is not supported"));
}

// ---- Semantics: quantization ----

TEST(MalformedModelTest, NonPositiveOrNonFiniteScales) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (float scale : {0.0f, -0.5f, nan, inf, -inf}) {
    SCOPED_TRACE("scale " + std::to_string(scale));
    const ModelBuilder builder = QuantizedTensorModel(TensorType::INT8, {scale}, {0});
    EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                          "is not a finite positive number"));
  }
  // One bad scale among good per-channel ones.
  const ModelBuilder builder = QuantizedTensorModel(TensorType::INT8, {0.5f, 0.0f, 0.5f},
                                                    {0, 0, 0});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "quantization scale 0.000000 is not a finite positive number"));
}

TEST(MalformedModelTest, ZeroPointOutOfRange) {
  struct Case {
    TensorType type;
    int64_t zero_point;
  };
  for (const Case& c : {Case{TensorType::INT8, 128}, Case{TensorType::INT8, -129},
                        Case{TensorType::UINT8, -1}, Case{TensorType::UINT8, 256},
                        Case{TensorType::INT16, 40000}, Case{TensorType::INT16, -32769},
                        Case{TensorType::INT32, int64_t{1} << 31},
                        Case{TensorType::INT64, -(int64_t{1} << 31) - 1},
                        Case{TensorType::INT8, int64_t{1} << 40}}) {
    SCOPED_TRACE(std::string(tflite::EnumNameTensorType(c.type)) + " zero point " +
                 std::to_string(c.zero_point));
    const ModelBuilder builder = QuantizedTensorModel(c.type, {0.5f}, {c.zero_point});
    EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                          "zero point " + std::to_string(c.zero_point) +
                              " does not fit the tensor type"));
  }
  // The edges of each range are fine.
  for (int64_t zp : {-128, 127}) {
    EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::INT8, {0.5f}, {zp}).Finish()).ok());
  }
  for (int64_t zp : {0, 255}) {
    EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::UINT8, {0.5f}, {zp}).Finish()).ok());
  }
  for (int64_t zp : {-32768, 32767}) {
    EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::INT16, {0.5f}, {zp}).Finish()).ok());
  }
  for (int64_t zp : {-(int64_t{1} << 31), (int64_t{1} << 31) - 1}) {
    EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::INT32, {0.5f}, {zp}).Finish()).ok());
  }
  // Float tensors may carry (ignored) parameters of any value.
  EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::FLOAT32, {0.5f}, {int64_t{1} << 40})
                             .Finish())
                  .ok());
}

TEST(MalformedModelTest, ScaleAndZeroPointCountsDiffer) {
  const ModelBuilder builder = QuantizedTensorModel(TensorType::INT8, {0.5f, 0.25f, 0.125f},
                                                    {0, 0});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "3 scales but 2 zero points"));
}

TEST(MalformedModelTest, PerChannelScaleCountDiffersFromChannels) {
  // Tensor [3,2]: dimension 0 has 3 channels, dimension 1 has 2.
  const ModelBuilder two_for_three = QuantizedTensorModel(TensorType::INT8, {0.5f, 0.25f},
                                                          {0, 0}, /*dimension=*/0);
  EXPECT_TRUE(FailsWith(LoadStatus(two_for_three.Finish()), StatusCode::kInvalidModel,
                        "2 per-channel scales for 3 channels"));
  const ModelBuilder three_for_two = QuantizedTensorModel(
      TensorType::INT8, {0.5f, 0.25f, 0.125f}, {0, 0, 0}, /*dimension=*/1);
  EXPECT_TRUE(FailsWith(LoadStatus(three_for_two.Finish()), StatusCode::kInvalidModel,
                        "3 per-channel scales for 2 channels"));
  // The matching counts load.
  EXPECT_TRUE(LoadStatus(QuantizedTensorModel(TensorType::INT8, {0.5f, 0.25f}, {0, 0}, 1)
                             .Finish())
                  .ok());
}

TEST(MalformedModelTest, QuantizedDimensionOutOfRange) {
  for (int32_t dimension : {2, 7, -1}) {
    const ModelBuilder builder = QuantizedTensorModel(TensorType::INT8, {0.5f, 0.25f}, {0, 0},
                                                      dimension);
    EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                          "quantized_dimension " + std::to_string(dimension) +
                              " is out of range for rank 2"));
  }
}

// ---- Schema version, operators ----

TEST(MalformedModelTest, SchemaVersionTwoIsUnsupported) {
  ModelBuilder builder = AddModel();
  builder.set_version(2);
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kUnsupported,
                        "schema version 2 is not supported (expected 3)"));
}

TEST(MalformedModelTest, UnsupportedBuiltinIsNamedExactly) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int axis = builder.AddConstTensor<int32_t>(TensorType::INT32, {}, {0});
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kRfft2d);
  op.inputs = {in, axis};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const Status status = CreateStatus(builder.Finish(), OpResolver::WithAllBuiltins());
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
  EXPECT_EQ(status.message(), "node 0: operator RFFT2D (builtin 131) is not supported");
}

TEST(MalformedModelTest, EveryUnsupportedOperatorIsListed) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int mid = builder.AddTensor(TensorType::FLOAT32, {4}, "mid");
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec first;
  first.opcode_index = builder.AddOperatorCode(kCustom, "FIRST_MISSING");
  first.inputs = {in};
  first.outputs = {mid};
  builder.AddOperator(first);
  OperatorSpec second;
  second.opcode_index = builder.AddOperatorCode(kCustom, "SECOND_MISSING");
  second.inputs = {mid};
  second.outputs = {out};
  builder.AddOperator(second);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const Status status = CreateStatus(builder.Finish(), OpResolver::WithAllBuiltins());
  EXPECT_TRUE(FailsWith(status, StatusCode::kUnsupported,
                        "node 0: custom operator 'FIRST_MISSING' is not supported; "
                        "node 1: custom operator 'SECOND_MISSING' is not supported"));
}

TEST(MalformedModelTest, UnregisteredCustomOpIsNamed) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, "MyFancyOp");
  op.inputs = {in};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const AlignedBytes bytes = builder.Finish();
  EXPECT_TRUE(FailsWith(CreateStatus(bytes, OpResolver::WithAllBuiltins()),
                        StatusCode::kUnsupported,
                        "node 0: custom operator 'MyFancyOp' is not supported"));
  // Registered under another name does not count; under its name it runs.
  OpResolver resolver;
  resolver.AddCustom("myfancyop", &kCopyKernel);
  EXPECT_TRUE(FailsWith(CreateStatus(bytes, resolver), StatusCode::kUnsupported, "MyFancyOp"));
  resolver.AddCustom("MyFancyOp", &kCopyKernel);
  EXPECT_TRUE(CreateStatus(bytes, resolver).ok());
}

TEST(MalformedModelTest, CustomCodeWithoutNameIsRejectedAtLoad) {
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {4}, "in");
  const int out = builder.AddTensor(TensorType::FLOAT32, {4}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom);
  op.inputs = {in};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "operator code 0 is CUSTOM but has no custom_code name"));
}

// ---- The arena cap ----

TEST(MalformedModelTest, HugeActivationHitsTheArenaCapBeforeAllocating) {
  // float [100000,100000] is 40 GB: a valid shape that must not be allocated.
  EXPECT_EQ(InterpreterOptions().max_arena_bytes, size_t{1} << 30);
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {100000, 100000}, "in");
  const int out = builder.AddTensor(TensorType::FLOAT32, {100000, 100000}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, "COPY");
  op.inputs = {in};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const AlignedBytes bytes = builder.Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  OpResolver resolver;
  resolver.AddCustom("COPY", &kCopyKernel);
  auto interpreter = Interpreter::Create(**model, resolver);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  const Status status = (*interpreter)->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted, "max_arena_bytes"));
  // One tensor alone is over the cap: refused before any kernel's Prepare
  // loops over its dimensions.
  EXPECT_NE(status.message().find("tensor 0 (in): shape [100000,100000] of float32 spans "
                                  "40000000000 bytes, more than the limit of"), npos)
      << status.message();
  EXPECT_NE(status.message().find(std::to_string(size_t{1} << 30)), npos) << status.message();
  EXPECT_EQ((*interpreter)->Invoke().code(), StatusCode::kFailedPrecondition);
}

TEST(MalformedModelTest, HugeGraphInputWithoutOperatorsHitsTheArenaCap) {
  ModelBuilder builder;
  const int t = builder.AddTensor(TensorType::FLOAT32, {100000, 100000}, "passthrough");
  builder.SetInputs({t});
  builder.SetOutputs({t});
  const AlignedBytes bytes = builder.Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  EXPECT_TRUE(FailsWith((*interpreter)->AllocateTensors(), StatusCode::kResourceExhausted,
                        "max_arena_bytes"));
}

// ---- Seeded corruption of real models ----

// What the corruption loop is doing, for the crash and hang reports below.
char g_fuzz_step[160];
volatile std::sig_atomic_t g_fuzz_step_length = 0;

void ReportFuzzCrash(int signal_number) {
  static const char kPrefix[] = "\nmalformed_model_test: crashed during ";
  ssize_t ignored = ::write(2, kPrefix, sizeof(kPrefix) - 1);
  ignored = ::write(2, g_fuzz_step, static_cast<size_t>(g_fuzz_step_length));
  ignored = ::write(2, "\n", 1);
  (void)ignored;
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Installs the crash reporter and a watchdog that ends the process (naming
// the step) if the loop hangs, instead of letting the test run forever.
class FuzzGuard {
 public:
  explicit FuzzGuard(std::chrono::seconds limit) {
    for (int s : kSignals) previous_[Index(s)] = std::signal(s, ReportFuzzCrash);
    watchdog_ = std::thread([this, limit] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
        std::fprintf(stderr, "malformed_model_test: hung for %lld s during %.*s\n",
                     static_cast<long long>(limit.count()),
                     static_cast<int>(g_fuzz_step_length), g_fuzz_step);
        std::_Exit(3);
      }
    });
  }
  ~FuzzGuard() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    watchdog_.join();
    for (int s : kSignals) std::signal(s, previous_[Index(s)]);
  }

 private:
  static constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  static size_t Index(int s) {
    for (size_t i = 0; i < 5; ++i) {
      if (kSignals[i] == s) return i;
    }
    return 0;
  }
  void (*previous_[5])(int) = {};
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread watchdog_;
};
constexpr int FuzzGuard::kSignals[];

// Values that make offsets, lengths, dimensions and indices interesting.
constexpr uint32_t kInterestingWords[] = {0u,          1u,          2u,         0x7fu,
                                          0x80u,       0xffu,       0x100u,     0x7fffu,
                                          0xffffu,     0x10000u,    0x100000u,  0x7fffffffu,
                                          0x80000000u, 0xfffffffeu, 0xffffffffu};

// Applies one deterministic corruption chosen by `rng` to `bytes`.
void Corrupt(std::mt19937& rng, uint8_t* bytes, size_t size) {
  const uint32_t kind = rng() % 4;
  if (kind == 0) {  // flip one bit
    bytes[rng() % size] ^= static_cast<uint8_t>(1u << (rng() % 8));
  } else if (kind == 1) {  // overwrite one byte
    bytes[rng() % size] = static_cast<uint8_t>(rng());
  } else if (kind == 2) {  // overwrite 2..8 scattered bytes
    const uint32_t count = 2 + rng() % 7;
    for (uint32_t i = 0; i < count; ++i) bytes[rng() % size] = static_cast<uint8_t>(rng());
  } else {  // an interesting 32-bit word at an aligned position
    const size_t at = (rng() % (size / 4)) * 4;
    const uint32_t word = kInterestingWords[rng() % (sizeof(kInterestingWords) / 4)];
    std::memcpy(bytes + at, &word, 4);
  }
}

struct FuzzCounts {
  int loaded = 0, created = 0, allocated = 0, invoked = 0;
};

// Corrupts `model` `iterations` times; each copy goes as far as it can
// through load, create, allocate and invoke. Failing is fine; crashing is not.
void FuzzModel(const char* name, uint32_t seed, int iterations, FuzzCounts* counts) {
  std::vector<uint8_t> original;
  ASSERT_TRUE(ReadSharedModel(name, &original));
  AlignedBytes work(original.data(), original.size());
  std::mt19937 rng(seed);
  const OpResolver resolver = OpResolver::WithAllBuiltins();
  InterpreterOptions options;
  options.max_arena_bytes = size_t{16} << 20;  // keeps each invoke cheap
  for (int i = 0; i < iterations; ++i) {
    g_fuzz_step_length = 0;
    const int length = std::snprintf(g_fuzz_step, sizeof(g_fuzz_step),
                                     "%s, seed %u, iteration %d", name, seed, i);
    g_fuzz_step_length = length;
    std::memcpy(work.data(), original.data(), original.size());
    Corrupt(rng, work.data(), work.size());
    auto model = Model::FromBuffer(work.data(), work.size());
    if (!model.ok()) {
      // Every rejection explains itself.
      EXPECT_FALSE(model.status().message().empty()) << g_fuzz_step;
      continue;
    }
    ++counts->loaded;
    auto interpreter = Interpreter::Create(**model, resolver, options);
    if (!interpreter.ok()) continue;
    ++counts->created;
    Interpreter& runner = **interpreter;
    if (!runner.AllocateTensors().ok()) continue;
    ++counts->allocated;
    for (int k = 0; k < runner.num_inputs(); ++k) {
      const Tensor* input = runner.input(k);
      if (input != nullptr && input->data != nullptr) {
        std::memset(runner.input_data(k), 0x11, input->bytes);
      }
    }
    if (runner.Invoke().ok()) ++counts->invoked;
  }
}

// BRASA_FUZZ_SCALE=N runs N times as many corruptions (for a longer hunt).
int FuzzScale() {
  const char* text = std::getenv("BRASA_FUZZ_SCALE");
  const int scale = text ? std::atoi(text) : 1;
  return scale > 0 ? scale : 1;
}

TEST(MalformedModelTest, SeededCorruptionsNeverCrashOrHang) {
  FuzzGuard guard(std::chrono::seconds(120 * FuzzScale()));
  const auto start = std::chrono::steady_clock::now();
  struct Target {
    const char* name;
    uint32_t seed;
    int iterations;
  };
  for (const Target& target : {Target{"hello_world_int8.tflite", 20240611u, 4000},
                               Target{"micro_speech_quantized.tflite", 7u, 2000}}) {
    FuzzCounts counts;
    const int iterations = target.iterations * FuzzScale();
    FuzzModel(target.name, target.seed, iterations, &counts);
    // Most single corruptions of a real model still load: the loop reaches
    // the interpreter, not just the verifier.
    EXPECT_GT(counts.loaded, iterations / 10) << target.name;
    std::printf("[ fuzz     ] %s: %d corruptions, %d loaded, %d created, %d allocated, "
                "%d invoked\n",
                target.name, iterations, counts.loaded, counts.created, counts.allocated,
                counts.invoked);
  }
  // About 2 s in Release; a hang is caught by the guard's watchdog.
  std::printf("[ fuzz     ] %.2f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace
}  // namespace brasa

namespace brasa {
namespace {

// A (legal but hostile) chain of 40000 ADDs: the planner refuses more buffers
// than it can place quickly instead of running for minutes.
TEST(MalformedModelTest, TooManyBuffersToPlanIsAnError) {
  testing::ModelBuilder builder;
  const uint32_t add = builder.AddOperatorCode(0);
  int previous = builder.AddTensor(tflite::TensorType::FLOAT32, {1}, "in");
  const int first = previous;
  for (int i = 0; i < 40000; ++i) {
    const int next = builder.AddTensor(tflite::TensorType::FLOAT32, {1}, "t" + std::to_string(i));
    builder.AddOperator({add, {previous, first}, {next}});
    previous = next;
  }
  builder.SetInputs({first});
  builder.SetOutputs({previous});
  testing::AlignedBytes bytes = builder.Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  const Status status = (*interpreter)->AllocateTensors();
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
  EXPECT_NE(status.message().find("brasa plans at most 32768"), std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace brasa
