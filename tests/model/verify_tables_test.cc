// The two strengths of flatbuffers verification (src/model/verify_tables.h):
// the generated verifier of every table, and the bare-metal one that leaves
// operators' options tables to the options parsers (option_parsers.h). The
// lighter one accepts every model the full one does; a corrupt options table
// it lets through is refused by the op's parser before anything reads it.
#include <gtest/gtest.h>

#include <dirent.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "src/model/model_data.h"
#include "src/model/builtin_params.h"
#include "src/model/option_parsers.h"
#include "src/model/verify_tables.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace internal {
namespace {

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

std::vector<std::string> ModelFiles(const std::string& dir) {
  std::vector<std::string> files;
  if (DIR* handle = ::opendir(dir.c_str())) {
    while (const dirent* entry = ::readdir(handle)) {
      const std::string name = entry->d_name;
      if (name.size() > 7 && name.substr(name.size() - 7) == ".tflite") {
        files.push_back(dir + "/" + name);
      }
    }
    ::closedir(handle);
  }
  return files;
}

TEST(VerifyTablesTest, TheLighterVerifierAcceptsWhatTheFullOneAccepts) {
  std::vector<std::string> files = ModelFiles(BRASA_SHARED_MODELS_DIR);
  const std::vector<std::string> regressions =
      ModelFiles(std::string(BRASA_SOURCE_DIR) + "/tests/model/fuzz_regressions");
  files.insert(files.end(), regressions.begin(), regressions.end());
  files.push_back(std::string(BRASA_SOURCE_DIR) + "/examples/hello_world/sine_int8.tflite");
  int accepted = 0;
  for (const std::string& path : files) {
    const std::vector<uint8_t> data = ReadBytes(path);
    const testing::AlignedBytes bytes(data.data(), data.size());
    if (!VerifyAllTables(bytes.data(), bytes.size())) continue;
    EXPECT_TRUE(VerifyTablesButOptions(bytes.data(), bytes.size())) << path;
    ++accepted;
    // Every cut of a valid file fails both (the root or a table runs past the end).
    for (size_t cut : {size_t{8}, data.size() / 2}) {
      EXPECT_FALSE(VerifyAllTables(bytes.data(), cut)) << path << " cut at " << cut;
      EXPECT_FALSE(VerifyTablesButOptions(bytes.data(), cut)) << path << " cut at " << cut;
    }
  }
  EXPECT_GE(accepted, 10);
}

// What the full verifier adds to the lighter one: each operator's options
// table, verified as the generated union verifier does. Only for a file the
// lighter verifier accepted (its operators can be read).
bool EveryOptionsTableVerifies(const uint8_t* bytes, size_t size) {
  const tflite::Model* root = tflite::GetModel(bytes);
  if (root->subgraphs() == nullptr) return true;
  for (const tflite::SubGraph* subgraph : *root->subgraphs()) {
    if (subgraph->operators() == nullptr) continue;
    for (const tflite::Operator* op : *subgraph->operators()) {
      flatbuffers::Verifier verifier = ModelVerifier(bytes, size);
      if (!tflite::VerifyBuiltinOptions(verifier, op->builtin_options(),
                                        op->builtin_options_type())) {
        return false;
      }
    }
  }
  return true;
}

// The rule-driven verifier against the generated one, on corrupted copies of
// small models (random bytes, and random 32-bit offsets and sizes, anywhere
// in the file): the full verifier accepts exactly when the lighter one does
// and every options table verifies.
TEST(VerifyTablesTest, TheRulesAgreeWithTheGeneratedVerifiersOnCorruptFiles) {
  const std::string cases = std::string(BRASA_SOURCE_DIR) + "/tests/conformance/cases/";
  std::vector<std::string> files = {
      std::string(BRASA_SOURCE_DIR) + "/examples/hello_world/sine_int8.tflite",
      cases + "sparse_conv1x1_random90_f32/model.tflite",
      cases + "if_then_branch_f32/model.tflite",
  };
  const std::vector<std::string> regressions =
      ModelFiles(std::string(BRASA_SOURCE_DIR) + "/tests/model/fuzz_regressions");
  files.insert(files.end(), regressions.begin(), regressions.end());
  std::mt19937 random(12345);
  int accepted = 0, refused = 0, compared = 0;
  for (const std::string& path : files) {
    const std::vector<uint8_t> data = ReadBytes(path);
    if (data.size() < 16 || data.size() > 200000) continue;
    for (int trial = 0; trial < 1500; ++trial) {
      testing::AlignedBytes bytes(data.data(), data.size());
      const int changes = 1 + static_cast<int>(random() % 3);
      for (int c = 0; c < changes; ++c) {
        const size_t at = random() % (data.size() - 4);
        if (random() % 2 == 0) {
          bytes.data()[at] = static_cast<uint8_t>(random());
        } else {  // an offset or size: small, negative or huge
          const int32_t values[] = {0, 1, 4, -4, 0x7fffffff, static_cast<int32_t>(random() % 256),
                                    -static_cast<int32_t>(random() % 256)};
          const int32_t value = values[random() % 7];
          std::memcpy(bytes.data() + (at & ~size_t{3}), &value, sizeof(value));
        }
      }
      const bool full = VerifyAllTables(bytes.data(), bytes.size());
      const bool light = VerifyTablesButOptions(bytes.data(), bytes.size());
      const bool combined = light && EveryOptionsTableVerifies(bytes.data(), bytes.size());
      EXPECT_EQ(full, combined) << path << " trial " << trial << " (lighter: " << light << ")";
      ++compared;
      (full ? accepted : refused) += 1;
    }
  }
  EXPECT_GE(compared, 4500);
  EXPECT_GE(accepted, 100);  // both outcomes are exercised
  EXPECT_GE(refused, 1000);
}

// The options tables verified by rule (VerifyOptionsByRule) against their
// generated verifiers: each type's table, every field written, as the root of
// a buffer, corrupted at random (bytes, and 16- and 32-bit offsets and sizes
// in its vtable and fields) and cut short; both must agree every time.
template <typename Options>
void CompareOptionsRule(flatbuffers::FlatBufferBuilder& builder, flatbuffers::Offset<Options> root,
                        OptionsRule rule, std::mt19937& random) {
  builder.Finish(root);
  const std::vector<uint8_t> data(builder.GetBufferPointer(),
                                  builder.GetBufferPointer() + builder.GetSize());
  int accepted = 0, refused = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    testing::AlignedBytes bytes(data.data(), data.size());
    const int changes = trial == 0 ? 0 : 1 + static_cast<int>(random() % 3);
    for (int c = 0; c < changes; ++c) {
      const size_t at = 4 + random() % (data.size() - 4);  // the root offset stays
      const int kind = static_cast<int>(random() % 3);
      if (kind == 0 || at + 4 > data.size()) {
        bytes.data()[at] = static_cast<uint8_t>(random());
      } else if (kind == 1) {
        const uint16_t value = static_cast<uint16_t>(random() % 3 == 0 ? random() : random() % 64);
        std::memcpy(bytes.data() + (at & ~size_t{1}), &value, sizeof(value));
      } else {
        const int32_t values[] = {0, 1, 4, -4, 0x7fffffff, static_cast<int32_t>(random() % 64),
                                  -static_cast<int32_t>(random() % 64)};
        std::memcpy(bytes.data() + (at & ~size_t{3}), &values[random() % 7], sizeof(int32_t));
      }
    }
    const size_t size = random() % 4 == 0 ? 4 + random() % (data.size() - 3) : data.size();
    const auto* table = flatbuffers::GetRoot<Options>(bytes.data());
    flatbuffers::Verifier by_rule = ModelVerifier(bytes.data(), size);
    flatbuffers::Verifier generated = ModelVerifier(bytes.data(), size);
    const bool rule_accepts = VerifyOptionsByRule(by_rule, table, rule);
    const bool generated_accepts = generated.VerifyTable(table);
    EXPECT_EQ(rule_accepts, generated_accepts) << "rule " << static_cast<int>(rule) << " trial "
                                               << trial << " size " << size;
    if (trial == 0 && size == data.size()) {
      EXPECT_TRUE(rule_accepts);  // the intact table
    }
    (generated_accepts ? accepted : refused) += 1;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GE(accepted, 1000) << static_cast<int>(rule);  // both outcomes drawn
  EXPECT_GE(refused, 1000) << static_cast<int>(rule);
}

TEST(VerifyTablesTest, OptionsRulesAgreeWithTheGeneratedVerifiers) {
  std::mt19937 random(99);
  // Each type's table with every field written (defaults too).
  auto compare = [&](OptionsRule rule, auto create) {
    flatbuffers::FlatBufferBuilder builder;
    builder.ForceDefaults(true);
    CompareOptionsRule(builder, create(builder), rule, random);
  };
  using B = flatbuffers::FlatBufferBuilder;
  compare(OptionsRule::kConv2D, [](B& b) { return tflite::CreateConv2DOptions(b); });
  compare(OptionsRule::kDepthwiseConv2D,
          [](B& b) { return tflite::CreateDepthwiseConv2DOptions(b); });
  compare(OptionsRule::kPool2D, [](B& b) { return tflite::CreatePool2DOptions(b); });
  compare(OptionsRule::kFullyConnected,
          [](B& b) { return tflite::CreateFullyConnectedOptions(b); });
  compare(OptionsRule::kSoftmax, [](B& b) { return tflite::CreateSoftmaxOptions(b, 1.0f); });
  compare(OptionsRule::kReshape, [](B& b) {
    const std::vector<int32_t> shape = {1, -1, 4};
    return tflite::CreateReshapeOptionsDirect(b, &shape);
  });
}

TEST(VerifyTablesTest, ACorruptOptionsTableIsRefusedBeforeItIsParsed) {
  const std::vector<uint8_t> data =
      ReadBytes(std::string(BRASA_SOURCE_DIR) + "/examples/hello_world/sine_int8.tflite");
  testing::AlignedBytes bytes(data.data(), data.size());
  ASSERT_TRUE(VerifyAllTables(bytes.data(), bytes.size()));
  const tflite::Model* root = tflite::GetModel(bytes.data());
  const tflite::Operator& op = *root->subgraphs()->Get(0)->operators()->Get(0);
  const int32_t code = OperatorCodeOf(*root->operator_codes()->Get(op.opcode_index()));
  ASSERT_EQ(code, 9);  // FULLY_CONNECTED, with a FullyConnectedOptions table
  ASSERT_NE(op.builtin_options(), nullptr);
  // The table's first word locates its vtable: point it far outside the file.
  uint8_t* table = bytes.data() + (static_cast<const uint8_t*>(op.builtin_options()) - bytes.data());
  const int32_t outside = -0x40000000;
  std::memcpy(table, &outside, sizeof(outside));

  EXPECT_FALSE(VerifyAllTables(bytes.data(), bytes.size()));
  EXPECT_TRUE(VerifyTablesButOptions(bytes.data(), bytes.size()));
  ModelData model;
  model.bytes = bytes.data();
  model.size = bytes.size();
  model.root = root;
  PersistentAllocator allocator;
  const void* params = nullptr;
  const Status status = ParseFullyConnectedOptions({op, model, allocator}, &params);
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_NE(status.message().find("FullyConnectedOptions table failed verification"),
            std::string::npos)
      << status.message();
  // An intact file passes the same check.
  const testing::AlignedBytes intact(data.data(), data.size());
  ModelData intact_model;
  intact_model.bytes = intact.data();
  intact_model.size = intact.size();
  intact_model.root = tflite::GetModel(intact.data());
  const tflite::Operator& intact_op = *intact_model.root->subgraphs()->Get(0)->operators()->Get(0);
  EXPECT_TRUE(ParseFullyConnectedOptions({intact_op, intact_model, allocator}, &params).ok());
  EXPECT_NE(params, nullptr);
}

}  // namespace
}  // namespace internal
}  // namespace brasa
