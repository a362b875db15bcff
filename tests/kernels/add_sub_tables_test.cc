// 8-bit ADD and SUB rescale each input through a 256-entry table once a
// tensor has kMinElementsForAddSubTables (1024) elements, and per element
// below that. Both paths must agree: a large tensor (tables) is compared with
// the same values run in slices of 512 (per element), over every pair of
// input values, with and without broadcasting.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kElements = 65536;  // every (a, b) pair of 8-bit values once
constexpr int32_t kSlice = 512;       // below the table threshold

template <typename T>
std::vector<T> Run(const OpKernel* kernel, Activation activation, const std::vector<T>& a,
                   const std::vector<T>& b) {
  const DataType type = std::is_same<T, int8_t>::value ? DataType::kInt8 : DataType::kUInt8;
  const int32_t zp_base = std::is_same<T, int8_t>::value ? 0 : 128;
  OpTester tester(kernel);
  tester.SetParams(ElementwiseParams{activation, true});
  tester.AddInput<T>(type, {static_cast<int32_t>(a.size())}, a, PerTensor(0.05f, zp_base - 3));
  tester.AddInput<T>(type, {static_cast<int32_t>(b.size())}, b, PerTensor(0.11f, zp_base + 7));
  tester.AddOutput(type, {}, PerTensor(0.13f, zp_base - 10));
  const Status status = tester.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  return tester.Output<T>();
}

// Runs all of `a` with `b` (the same length, or one element), then the same
// in slices, and expects equal outputs.
template <typename T>
void ExpectTablesMatchPerElement(const OpKernel* kernel, Activation activation,
                                 const std::vector<T>& a, const std::vector<T>& b) {
  const std::vector<T> whole = Run(kernel, activation, a, b);
  ASSERT_EQ(whole.size(), a.size());
  for (size_t start = 0; start < a.size(); start += kSlice) {
    const std::vector<T> a_slice(a.begin() + start, a.begin() + start + kSlice);
    const std::vector<T> b_slice =
        b.size() == 1 ? b : std::vector<T>(b.begin() + start, b.begin() + start + kSlice);
    const std::vector<T> sliced = Run(kernel, activation, a_slice, b_slice);
    ASSERT_EQ(sliced, std::vector<T>(whole.begin() + start, whole.begin() + start + kSlice))
        << "elements from " << start;
  }
}

template <typename T>
void ExpectBothPathsAgree(const OpKernel* kernel) {
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  std::vector<T> a(kElements), b(kElements);
  for (int32_t i = 0; i < kElements; ++i) {
    a[static_cast<size_t>(i)] = static_cast<T>(kMin + i % 256);
    b[static_cast<size_t>(i)] = static_cast<T>(kMin + i / 256);
  }
  for (Activation activation : {Activation::kNone, Activation::kRelu}) {
    ExpectTablesMatchPerElement(kernel, activation, a, b);
    ExpectTablesMatchPerElement(kernel, activation, a, std::vector<T>{static_cast<T>(kMin + 99)});
  }
}

TEST(AddSubTablesTest, AddInt8) { ExpectBothPathsAgree<int8_t>(Register_ADD()); }
TEST(AddSubTablesTest, AddUInt8) { ExpectBothPathsAgree<uint8_t>(Register_ADD()); }
TEST(AddSubTablesTest, SubInt8) { ExpectBothPathsAgree<int8_t>(Register_SUB()); }
TEST(AddSubTablesTest, SubUInt8) { ExpectBothPathsAgree<uint8_t>(Register_SUB()); }

}  // namespace
}  // namespace brasa
