// In-place execution (src/runtime/in_place.h, src/planner/buffer_pieces.h):
// the distances a raster-order window op needs, the planner's use of them,
// and whole models run by the reference convolutions with outputs written
// over their inputs, byte for byte TensorFlow Lite's.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "brasa/builtin_kernels.h"
#include "brasa/builtin_op.h"
#include "brasa/interpreter.h"
#include "src/planner/arena_planner.h"
#include "src/planner/piece_placement.h"
#include "src/planner/placement.h"
#include "src/runtime/arena_layout.h"
#include "src/runtime/in_place.h"
#include "tools/inspect_report.h"
#include "tools/npy.h"

namespace brasa {
namespace {

using internal::MinInPlaceDistance;
using internal::RasterWindow;

RasterWindow Window(int32_t in_hw, int32_t in_channels, int32_t out_hw, int32_t out_channels,
                    int32_t stride, int32_t pad) {
  RasterWindow w;
  w.in_h = w.in_w = in_hw;
  w.in_pixel_bytes = in_channels;
  w.out_h = w.out_w = out_hw;
  w.out_pixel_bytes = out_channels;
  w.stride_h = w.stride_w = stride;
  w.pad_top = w.pad_left = pad;
  return w;
}

TEST(InPlaceDistanceTest, PointwiseExpansionPutsTheInputBehindItsOutput) {
  // 48x48x8 -> 48x48x16: output pixel p ends at 16(p+1), input pixel p starts
  // at d + 8p; the last pixel needs d >= 8 * 2304 + 8.
  EXPECT_EQ(MinInPlaceDistance(Window(48, 8, 48, 16, 1, 0)), 8 * 2304 + 8);
  // The same channels: one pixel ahead is enough.
  EXPECT_EQ(MinInPlaceDistance(Window(24, 32, 24, 32, 1, 0)), 32);
}

TEST(InPlaceDistanceTest, ThreeByThreeWindowsKeepTheRowAbove) {
  // Stride 1, padding 1: pixel (y, x) first reads (y-1, x-1), so the output
  // runs a row and a pixel behind its input... plus the pixel it writes.
  EXPECT_EQ(MinInPlaceDistance(Window(48, 8, 48, 8, 1, 1)), (48 + 2) * 8);
  // Stride 2 halves the output: it falls behind its reads.
  EXPECT_EQ(MinInPlaceDistance(Window(48, 16, 24, 16, 2, 0)), 16);
}

// The walk as first written, with a multiply per pixel: the additions that
// replaced it give the same distance on any window, batches and padding.
int64_t MinInPlaceDistanceByMultiplies(const RasterWindow& w) {
  int64_t earliest = INT64_MAX, distance = INT64_MIN;
  for (int64_t b = w.batches - 1; b >= 0; --b) {
    for (int64_t y = w.out_h - 1; y >= 0; --y) {
      const int64_t row = std::max<int64_t>(0, y * w.stride_h - w.pad_top);
      for (int64_t x = w.out_w - 1; x >= 0; --x) {
        const int64_t column = std::max<int64_t>(0, x * w.stride_w - w.pad_left);
        const int64_t first_read = ((b * w.in_h + row) * w.in_w + column) * w.in_pixel_bytes;
        earliest = std::min(earliest, first_read);
        const int64_t pixel = (b * w.out_h + y) * w.out_w + x;
        distance = std::max(distance, (pixel + 1) * w.out_pixel_bytes - earliest);
      }
    }
  }
  return distance == INT64_MIN ? 0 : distance;
}

TEST(InPlaceDistanceTest, AdditionsAgreeWithMultiplies) {
  uint32_t seed = 12345;
  auto next = [&seed](int32_t n) {  // 0 .. n-1
    seed = seed * 1664525u + 1013904223u;
    return static_cast<int32_t>((seed >> 8) % static_cast<uint32_t>(n));
  };
  for (int trial = 0; trial < 20000; ++trial) {
    RasterWindow w;
    w.batches = next(3) + (trial % 50 == 0 ? 0 : 1);
    w.in_h = next(12) + 1;
    w.in_w = next(12) + 1;
    w.in_pixel_bytes = next(9) * (next(2) == 0 ? 1 : 2);
    w.out_h = next(12) + (trial % 40 == 0 ? 0 : 1);
    w.out_w = next(12) + 1;
    w.out_pixel_bytes = next(9) * (next(2) == 0 ? 1 : 2);
    w.stride_h = next(4) + 1;
    w.stride_w = next(4) + 1;
    w.pad_top = next(4);
    w.pad_left = next(4);
    ASSERT_EQ(MinInPlaceDistance(w), MinInPlaceDistanceByMultiplies(w)) << trial;
  }
  // A large window: 64-bit positions.
  RasterWindow large = Window(30000, 4096, 30000, 8192, 1, 1);
  large.batches = 2;
  large.out_h = 3;  // a few rows of a huge image
  EXPECT_EQ(MinInPlaceDistance(large), MinInPlaceDistanceByMultiplies(large));
}

TEST(InPlaceDistanceTest, BruteForceAgreesOnSmallCases) {
  // Against the definition: every output byte written for pixel q lies
  // below every input byte that pixel q or a later one reads.
  for (int32_t stride : {1, 2}) {
    for (int32_t pad : {0, 1, 2}) {
      for (int32_t out_channels : {1, 3, 8}) {
        const int32_t in_hw = 7, filter = 3;
        const int32_t out_hw = (in_hw + 2 * pad - filter) / stride + 1;
        const RasterWindow w = Window(in_hw, 4, out_hw, out_channels, stride, pad);
        const int64_t d = MinInPlaceDistance(w);
        int64_t worst = INT64_MIN;
        for (int64_t q = 0; q < out_hw * out_hw; ++q) {
          for (int64_t later = q; later < out_hw * out_hw; ++later) {
            const int64_t y = later / out_hw, x = later % out_hw;
            for (int32_t fy = 0; fy < filter; ++fy) {
              for (int32_t fx = 0; fx < filter; ++fx) {
                const int64_t iy = y * stride - pad + fy, ix = x * stride - pad + fx;
                if (iy < 0 || ix < 0 || iy >= in_hw || ix >= in_hw) continue;
                worst = std::max(worst, (q + 1) * out_channels - (iy * in_hw + ix) * 4);
              }
            }
          }
        }
        EXPECT_GE(d, worst) << stride << " " << pad << " " << out_channels;
      }
    }
  }
}

TEST(InPlacePlannerTest, ALinkedPairTakesItsSpanOnly) {
  // a (step 0) -> b (step 1, in place over a) -> c (step 2).
  const std::vector<BufferRequest> requests = {{1024, 0, 1}, {2048, 1, 2}, {512, 2, 3}};
  const ArenaPlan copying = PlanArena(requests, 16);
  EXPECT_EQ(copying.arena_bytes, 3072u);
  const ArenaPlan in_place = PlanArena(requests, 16, {{1, 0, 1040}});
  EXPECT_EQ(in_place.links_taken, 1u);
  EXPECT_EQ(in_place.lower_bound_without_in_place, 3072u);
  // a sits 1040 bytes into b: the pair spans 2064 at step 1; step 2 holds
  // b and c, 2560 bytes, the new peak.
  EXPECT_EQ(in_place.lower_bound, 2560u);
  EXPECT_EQ(in_place.arena_bytes, in_place.lower_bound);
  EXPECT_EQ(static_cast<int64_t>(in_place.offsets[0]) - static_cast<int64_t>(in_place.offsets[1]),
            1040);
  // A link that would not overlap the two is not taken.
  EXPECT_EQ(PlanArena(requests, 16, {{1, 0, 4096}}).links_taken, 0u);
}

// Distances inside pieces are ptrdiff_t (32-bit on a microcontroller): a
// link's int64 distance is clamped into the pair's sizes first, and a link
// of a buffer over PTRDIFF_MAX / 64 bytes is not taken (64 MB on a 32-bit
// CPU; on 64-bit hosts far above any tensor brasa accepts).
TEST(InPlacePlannerTest, ExtremeDistancesAndSizes) {
  const std::vector<BufferRequest> requests = {{1024, 0, 1}, {2048, 1, 2}};
  // Any distance at or below -1024 puts the input at the output's start.
  for (int64_t delta : {int64_t{-1024}, int64_t{-5000}, INT64_MIN}) {
    const ArenaPlan plan = PlanArena(requests, 16, {{1, 0, delta}});
    EXPECT_EQ(plan.links_taken, 1u) << delta;
    EXPECT_EQ(plan.arena_bytes, 2048u) << delta;
    EXPECT_EQ(plan.offsets[0], plan.offsets[1]) << delta;
  }
  EXPECT_EQ(PlanArena(requests, 16, {{1, 0, INT64_MAX}}).links_taken, 0u);
  const size_t limit = static_cast<size_t>(PTRDIFF_MAX) / 64 / 16 * 16;
  for (size_t bytes : {limit, limit + 16}) {
    const std::vector<BufferRequest> huge = {{bytes, 0, 1}, {bytes, 1, 2}};
    const ArenaPlan plan = PlanArena(huge, 16, {{1, 0, 0}});
    EXPECT_EQ(plan.links_taken, bytes == limit ? 1u : 0u) << bytes;
    EXPECT_EQ(plan.arena_bytes, bytes == limit ? bytes : 2 * bytes) << bytes;
  }
}

// An application without a kernel that runs in place does not link the
// piece placement (PlanArena then has no LinkedPlacement): links are ignored,
// and the plan is the one without them.
TEST(InPlacePlannerTest, WithoutPiecePlacementLinksAreIgnored) {
  const std::vector<BufferRequest> requests = {{1024, 0, 1}, {2048, 1, 2}, {512, 2, 3},
                                               {300, 0, 3}};
  const std::vector<InPlaceLink> links = {{1, 0, 1040}, {2, 1, 0}, {7, 0, 0}};
  const ArenaPlan alone = PlanArena(requests, 16);
  const ArenaPlan unlinked = PlanArenaWith(requests, 16, links, nullptr);
  EXPECT_EQ(unlinked.links_taken, 0u);
  EXPECT_EQ(unlinked.offsets, alone.offsets);
  EXPECT_EQ(unlinked.arena_bytes, alone.arena_bytes);
  EXPECT_EQ(unlinked.lower_bound, alone.lower_bound);
  EXPECT_EQ(unlinked.lower_bound_without_in_place, alone.lower_bound_without_in_place);
  // No two buffers alive at one step overlap.
  for (size_t a = 0; a < requests.size(); ++a) {
    for (size_t b = a + 1; b < requests.size(); ++b) {
      if (requests[a].last_step < requests[b].first_step ||
          requests[b].last_step < requests[a].first_step) {
        continue;
      }
      EXPECT_TRUE(unlinked.offsets[a] + requests[a].bytes <= unlinked.offsets[b] ||
                  unlinked.offsets[b] + requests[b].bytes <= unlinked.offsets[a])
          << a << " " << b;
    }
  }
  // With the piece placement (linked here), the first link is taken.
  EXPECT_GT(PlanArenaWith(requests, 16, links, PlaceLinkedPieces).links_taken, 0u);
  EXPECT_LT(PlanArena(requests, 16, links).arena_bytes, alone.arena_bytes);
}

std::string GoldenPath(const std::string& golden, const std::string& file) {
  return std::string(BRASA_SOURCE_DIR) + "/tests/models/golden/" + golden + "/" + file;
}

struct InPlaceCase {
  const char* golden;
  const char* model;
};

class InPlaceModelTest : public ::testing::TestWithParam<InPlaceCase> {};

TEST_P(InPlaceModelTest, ReferenceConvolutionsInPlaceMatchTensorFlowLite) {
  const InPlaceCase& c = GetParam();
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/" + c.model);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  OpResolver resolver = OpResolver::WithAllBuiltins();
  resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kConv2D), Register_CONV_2D());
  resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kDepthwiseConv2D),
                      Register_DEPTHWISE_CONV_2D());
  InterpreterOptions options;
  options.preserve_inputs = false;
  auto interpreter = Interpreter::Create(**model, resolver, options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  const internal::ArenaLayout layout = internal::MainArenaLayout(**interpreter);
  EXPECT_GT(layout.in_place_nodes, 0u);
  EXPECT_LT(layout.lower_bound, layout.lower_bound_without_in_place);
  EXPECT_LT(layout.arena_bytes, layout.lower_bound_without_in_place);
  EXPECT_GE(layout.arena_bytes, layout.lower_bound);
  std::printf("%s: arena %zu, lower bound %zu (without in place %zu), %zu nodes in place\n",
              c.golden, layout.arena_bytes, layout.lower_bound,
              layout.lower_bound_without_in_place, layout.in_place_nodes);
  for (int round = 0; round < 2; ++round) {  // the input is overwritten: write it each time
    auto input = tools::ReadNpy(GoldenPath(c.golden, "input_0.npy"));
    ASSERT_TRUE(input.ok()) << input.status().ToString();
    ASSERT_EQ(input->bytes.size(), (*interpreter)->input(0)->bytes);
    std::memcpy((*interpreter)->input_data(0), input->bytes.data(), input->bytes.size());
    ASSERT_TRUE((*interpreter)->Invoke().ok());
    auto golden = tools::ReadNpy(GoldenPath(c.golden, "output_0.npy"));
    ASSERT_TRUE(golden.ok()) << golden.status().ToString();
    const Tensor& output = *(*interpreter)->output(0);
    ASSERT_EQ(golden->bytes.size(), output.bytes);
    EXPECT_EQ(std::memcmp(golden->bytes.data(), output.data, output.bytes), 0)
        << c.golden << ": the output differs from TensorFlow Lite's";
  }
}

INSTANTIATE_TEST_SUITE_P(
    QuantizedConvolutionModels, InPlaceModelTest,
    ::testing::Values(InPlaceCase{"person_detect_person", "person_detect.tflite"},
                      InPlaceCase{"person_detect_no_person", "person_detect.tflite"},
                      InPlaceCase{"micro_speech_quantized", "micro_speech_quantized.tflite"},
                      InPlaceCase{"mobilenet_v1_0.25_128_quant_cat",
                                  "mobilenet_v1_0.25_128_quant.tflite"},
                      InPlaceCase{"mobilenet_v2_quantized_1x3x224x224",
                                  "mobilenet_v2_quantized_1x3x224x224.tflite"}),
    [](const ::testing::TestParamInfo<InPlaceCase>& info) {
      std::string name = info.param.golden;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

// The int8-only registrations (what the Cortex-M images register) run the
// same loops, so they plan the same in-place arena as the general ones.
TEST(InPlaceInt8OnlyTest, Int8OnlyConvolutionsPlanTheSameArena) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto plan = [&](const OpKernel* conv, const OpKernel* depthwise) {
    OpResolver resolver = OpResolver::WithAllBuiltins();
    resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kConv2D), conv);
    resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kDepthwiseConv2D), depthwise);
    InterpreterOptions options;
    options.preserve_inputs = false;
    auto interpreter = Interpreter::Create(**model, resolver, options);
    EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
    EXPECT_TRUE((*interpreter)->AllocateTensors().ok());
    return internal::MainArenaLayout(**interpreter);
  };
  const internal::ArenaLayout general = plan(Register_CONV_2D(), Register_DEPTHWISE_CONV_2D());
  const internal::ArenaLayout int8_only =
      plan(Register_CONV_2D_INT8(), Register_DEPTHWISE_CONV_2D_INT8());
  EXPECT_GT(int8_only.in_place_nodes, 0u);
  EXPECT_EQ(int8_only.in_place_nodes, general.in_place_nodes);
  EXPECT_EQ(int8_only.arena_bytes, general.arena_bytes);
}

// `brasa inspect --microcontroller` plans as the firmware does and shows both
// bounds; the default (optimized kernels, inputs kept) runs nothing in place.
TEST(InPlaceInspectTest, MicrocontrollerPlanShowsBothLowerBounds) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const tools::InspectReport hosted = tools::BuildInspectReport(**model);
  ASSERT_TRUE(hosted.planned);
  EXPECT_EQ(hosted.layout.in_place_nodes, 0u);
  EXPECT_EQ(hosted.lower_bound, hosted.layout.lower_bound_without_in_place);
  const tools::InspectReport micro = tools::BuildInspectReport(**model, true);
  ASSERT_TRUE(micro.planned);
  EXPECT_GT(micro.layout.in_place_nodes, 0u);
  EXPECT_LT(micro.lower_bound, micro.layout.lower_bound_without_in_place);
  // person_detect: the in-place peak is about two thirds of the copying one.
  EXPECT_LT(static_cast<double>(micro.lower_bound),
            0.7 * static_cast<double>(micro.layout.lower_bound_without_in_place));
  EXPECT_GE(micro.arena_bytes, micro.lower_bound);
}

}  // namespace
}  // namespace brasa
