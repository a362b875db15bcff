#include "kernels/ref/common/broadcast.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace brasa {
namespace {

TEST(BroadcastTest, Shapes) {
  Shape out;
  ASSERT_TRUE(BroadcastShapes({2, 1, 3}, {4, 1}, &out));
  EXPECT_EQ(out, (Shape{2, 4, 3}));
  ASSERT_TRUE(BroadcastShapes({}, {3}, &out));
  EXPECT_EQ(out, (Shape{3}));
  ASSERT_TRUE(BroadcastShapes({0, 1}, {1, 5}, &out));
  EXPECT_EQ(out, (Shape{0, 5}));
  EXPECT_FALSE(BroadcastShapes({2}, {3}, &out));
  EXPECT_FALSE(BroadcastShapes({2, 3}, {4, 3}, &out));
}

std::vector<std::pair<int64_t, int64_t>> Indices(const Shape& a, const Shape& b) {
  Shape out;
  EXPECT_TRUE(BroadcastShapes(a, b, &out));
  std::vector<std::pair<int64_t, int64_t>> indices;
  int64_t expected_out = 0;
  ForEachBroadcastIndex(MakeBroadcastMap(a, b, out), [&](int64_t ia, int64_t ib, int64_t io) {
    EXPECT_EQ(io, expected_out++);
    indices.push_back({ia, ib});
  });
  return indices;
}

TEST(BroadcastTest, IndicesFollowRowMajorOutput) {
  using P = std::pair<int64_t, int64_t>;
  // [2,1] + [3] -> [2,3]
  EXPECT_EQ(Indices({2, 1}, {3}),
            (std::vector<P>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}));
  // [1,2] + [2,1] -> [2,2]: a walks its columns, b its rows.
  EXPECT_EQ(Indices({1, 2}, {2, 1}), (std::vector<P>{{0, 0}, {1, 0}, {0, 1}, {1, 1}}));
  // 6-D with broadcasting on alternate axes: 2*2*2*1*1*2 = 16 outputs.
  const auto six = Indices({2, 1, 2, 1, 1, 2}, {1, 2, 1, 1, 1, 2});
  ASSERT_EQ(six.size(), 16u);
  // Output 5 is position (0,1,0,0,0,1): a (strides 4,-,2,-,-,1) reads 1,
  // b (strides -,2,-,-,-,1) reads 2 + 1 = 3.
  EXPECT_EQ(six[5], (P{1, 3}));
  EXPECT_EQ(six[15], (P{7, 3}));  // last element: last of a and of b
}

TEST(BroadcastTest, EmptyOutputVisitsNothing) {
  EXPECT_TRUE(Indices({0, 3}, {3}).empty());
}

}  // namespace
}  // namespace brasa
