// tools/npy.{h,cc}: WriteNpy -> ReadNpy round trips for every dtype the CLI
// exchanges, files as NumPy writes them, and malformed files rejected with a
// message naming the file and the problem.
#include "tools/npy.h"

#include <gtest/gtest.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace brasa {
namespace tools {
namespace {

constexpr size_t npos = std::string::npos;

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  return std::remove(path);
}

class NpyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/brasa_npy_test_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(::mkdtemp(buffer.data()), nullptr);
    dir_ = buffer.data();
  }
  void TearDown() override {
    if (!dir_.empty()) ::nftw(dir_.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string WriteRaw(const std::string& name, const std::string& bytes) {
    const std::string path = Path(name);
    std::ofstream file(path, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  std::string ReadRaw(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }

  std::string dir_;
};

// A .npy file of `version` (1, 2 or 3) with header dictionary `dict`,
// padded as NumPy pads it, followed by `data`.
std::string NpyFile(const std::string& dict, const std::string& data, int version = 1) {
  const size_t prefix = version == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string file("\x93NUMPY", 6);
  file += static_cast<char>(version);
  file += '\0';
  const size_t length = header.size();
  file += static_cast<char>(length & 0xff);
  file += static_cast<char>((length >> 8) & 0xff);
  if (version != 1) {
    file += static_cast<char>((length >> 16) & 0xff);
    file += static_cast<char>((length >> 24) & 0xff);
  }
  return file + header + data;
}

std::string FloatBytes(const std::vector<float>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

::testing::AssertionResult ReadFails(const Result<NpyArray>& result, StatusCode code,
                                     const std::string& fragment) {
  if (result.ok()) return ::testing::AssertionFailure() << "read succeeded";
  if (result.status().code() != code || result.status().message().find(fragment) == npos) {
    return ::testing::AssertionFailure()
           << result.status().ToString() << "; expected " << StatusCodeName(code) << " with '"
           << fragment << "'";
  }
  return ::testing::AssertionSuccess();
}

// ---- Round trips ----

struct RoundTripCase {
  DataType type;
  size_t element_size;
  const char* descr;
};

TEST_F(NpyTest, RoundTripsEveryDtype) {
  const RoundTripCase cases[] = {
      {DataType::kFloat32, 4, "'<f4'"}, {DataType::kFloat64, 8, "'<f8'"},
      {DataType::kFloat16, 2, "'<f2'"}, {DataType::kInt8, 1, "'|i1'"},
      {DataType::kUInt8, 1, "'|u1'"},   {DataType::kInt16, 2, "'<i2'"},
      {DataType::kInt32, 4, "'<i4'"},   {DataType::kInt64, 8, "'<i8'"},
      {DataType::kBool, 1, "'|b1'"},
  };
  const Shape shape = {2, 3, 4};
  for (const RoundTripCase& c : cases) {
    SCOPED_TRACE(DataTypeName(c.type));
    std::vector<uint8_t> data(24 * c.element_size);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
    if (c.type == DataType::kBool) {
      for (size_t i = 0; i < data.size(); ++i) data[i] = i % 3 == 0;
    }
    const std::string path = Path(std::string(DataTypeName(c.type)) + ".npy");
    ASSERT_TRUE(WriteNpy(path, c.type, shape, data.data(), data.size()).ok());
    const std::string raw = ReadRaw(path);
    EXPECT_EQ(raw.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)), 0);
    EXPECT_NE(raw.find(c.descr), npos) << raw.substr(0, 128);
    EXPECT_NE(raw.find("'shape': (2,3,4)"), npos) << raw.substr(0, 128);
    EXPECT_EQ((raw.size() - data.size()) % 64, 0u) << "data starts on a 64-byte boundary";
    EXPECT_EQ(raw[raw.size() - data.size() - 1], '\n');

    auto array = ReadNpy(path);
    ASSERT_TRUE(array.ok()) << array.status().ToString();
    EXPECT_EQ(array->type, c.type);
    EXPECT_EQ(array->shape, shape);
    EXPECT_EQ(array->bytes, data);
  }
}

TEST_F(NpyTest, RoundTripsScalarsEmptyAndOneDimensionalShapes) {
  const float scalar = 3.25f;
  ASSERT_TRUE(WriteNpy(Path("scalar.npy"), DataType::kFloat32, {}, &scalar, 4).ok());
  EXPECT_NE(ReadRaw(Path("scalar.npy")).find("'shape': ()"), npos);
  auto read_scalar = ReadNpy(Path("scalar.npy"));
  ASSERT_TRUE(read_scalar.ok()) << read_scalar.status().ToString();
  EXPECT_TRUE(read_scalar->shape.empty());
  ASSERT_EQ(read_scalar->bytes.size(), 4u);
  float back = 0;
  std::memcpy(&back, read_scalar->bytes.data(), 4);
  EXPECT_EQ(back, scalar);

  // A 1-D shape is written "(5,)", the Python tuple.
  const int32_t five[5] = {-2, -1, 0, 1, 2147483647};
  ASSERT_TRUE(WriteNpy(Path("five.npy"), DataType::kInt32, {5}, five, sizeof(five)).ok());
  EXPECT_NE(ReadRaw(Path("five.npy")).find("'shape': (5,)"), npos);
  auto read_five = ReadNpy(Path("five.npy"));
  ASSERT_TRUE(read_five.ok()) << read_five.status().ToString();
  EXPECT_EQ(read_five->shape, (Shape{5}));
  ASSERT_EQ(read_five->bytes.size(), sizeof(five));
  EXPECT_EQ(std::memcmp(read_five->bytes.data(), five, sizeof(five)), 0);

  ASSERT_TRUE(WriteNpy(Path("empty.npy"), DataType::kInt8, {3, 0}, nullptr, 0).ok());
  auto read_empty = ReadNpy(Path("empty.npy"));
  ASSERT_TRUE(read_empty.ok()) << read_empty.status().ToString();
  EXPECT_EQ(read_empty->shape, (Shape{3, 0}));
  EXPECT_TRUE(read_empty->bytes.empty());
}

// ---- Files as NumPy writes them ----

TEST_F(NpyTest, ReadsNumpyStyleHeaders) {
  // np.save of np.arange(6, dtype=np.float32).reshape(2, 3): spaces in the
  // shape tuple, keys in NumPy's order.
  const std::string values = FloatBytes({0, 1, 2, 3, 4, 5});
  const std::string path = WriteRaw(
      "numpy.npy",
      NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", values));
  auto array = ReadNpy(path);
  ASSERT_TRUE(array.ok()) << array.status().ToString();
  EXPECT_EQ(array->type, DataType::kFloat32);
  EXPECT_EQ(array->shape, (Shape{2, 3}));
  EXPECT_EQ(std::string(array->bytes.begin(), array->bytes.end()), values);

  // Version 2.0 and 3.0 headers have a 4-byte length.
  for (int version : {2, 3}) {
    const std::string v = WriteRaw(
        "v" + std::to_string(version) + ".npy",
        NpyFile("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", "abcd", version));
    auto read = ReadNpy(v);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->type, DataType::kUInt8);
    EXPECT_EQ(read->shape, (Shape{4}));
    EXPECT_EQ(std::string(read->bytes.begin(), read->bytes.end()), "abcd");
  }

  // Other key orders, '<i1' for int8, trailing bytes after the data ignored.
  const std::string reordered = WriteRaw(
      "reordered.npy",
      NpyFile("{'shape': (1, 2), 'fortran_order': False, 'descr': '<i1'}", "\x05\xfb" "extra"));
  auto read = ReadNpy(reordered);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->type, DataType::kInt8);
  EXPECT_EQ(read->shape, (Shape{1, 2}));
  EXPECT_EQ(read->bytes, (std::vector<uint8_t>{0x05, 0xfb}));
}

// ---- Malformed files ----

TEST_F(NpyTest, MissingFileIsNotFound) {
  const std::string path = Path("nope.npy");
  const Result<NpyArray> result = ReadNpy(path);
  EXPECT_TRUE(ReadFails(result, StatusCode::kNotFound, "cannot open"));
  EXPECT_NE(result.status().message().find(path), npos);
}

TEST_F(NpyTest, MalformedFilesNameFileAndProblem) {
  const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  const std::string good = NpyFile(f4, FloatBytes({1, 2}));
  struct Case {
    std::string name, bytes;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"empty.npy", "", "not a .npy file (bad magic)"},
      {"short.npy", std::string("\x93NUMPY", 6), "bad magic"},
      {"magic.npy", "\x93NUMPX" + good.substr(6), "bad magic"},
      {"text.npy", "hello, this is not numpy at all", "bad magic"},
      {"version.npy", good.substr(0, 6) + '\x04' + good.substr(7), "unsupported .npy version 4"},
      {"v2short.npy", NpyFile(f4, "", 2).substr(0, 11), "truncated header"},
      {"header.npy", good.substr(0, 40), "truncated header"},
      {"data.npy", good.substr(0, good.size() - 1), "holds 7 data bytes, shape [2] needs 8"},
      {"nodata.npy", good.substr(0, good.size() - 8), "holds 0 data bytes"},
      {"dtype.npy", NpyFile("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
                            std::string(16, '\0')),
       "unsupported dtype '<c16'"},
      {"bigendian.npy", NpyFile("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }",
                                std::string(4, '\0')),
       "unsupported dtype '>i4'"},
      {"nodescr.npy", NpyFile("{'fortran_order': False, 'shape': (1,), }", "x"),
       "unsupported dtype ''"},
      {"fortran.npy", NpyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                              std::string(16, '\0')),
       "Fortran-order arrays are not supported"},
      {"shape.npy", NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }",
                            std::string(8, '\0')),
       "cannot read the shape"},
      {"bigdim.npy", NpyFile("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296,), }",
                             ""),
       "cannot read the shape"},
      {"rank9.npy", NpyFile("{'descr': '|u1', 'fortran_order': False, "
                            "'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1), }",
                            "x"),
       "cannot read the shape"},
      {"huge.npy", NpyFile("{'descr': '<f8', 'fortran_order': False, "
                           "'shape': (2147483647, 2147483647), }",
                           ""),
       "shape [2147483647,2147483647] is too large"},
      {"unclosed.npy", NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, ", ""),
       "cannot read the shape"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = WriteRaw(c.name, c.bytes);
    const Result<NpyArray> result = ReadNpy(path);
    EXPECT_TRUE(ReadFails(result, StatusCode::kInvalidArgument, c.fragment));
    EXPECT_NE(result.status().message().find(path), npos) << result.status().message();
  }
}

TEST_F(NpyTest, HeaderWithoutShapeIsRejected) {
  for (const char* dict : {"{'descr': '<f4', 'fortran_order': False, }",
                           "{'descr': '<f4', 'fortran_order': False, 'shape': (1, "}) {
    const std::string path = WriteRaw("noshape.npy", NpyFile(dict, FloatBytes({7})));
    EXPECT_TRUE(ReadFails(ReadNpy(path), StatusCode::kInvalidArgument, "cannot read the shape"))
        << dict;
  }
}

TEST_F(NpyTest, WriteRejectsUnsupportedTypesAndBadPaths) {
  const uint8_t byte = 0;
  EXPECT_EQ(WriteNpy(Path("s.npy"), DataType::kString, {1}, &byte, 1).code(),
            StatusCode::kUnsupported);
  const Status status = WriteNpy(Path("no/such/dir/x.npy"), DataType::kUInt8, {1}, &byte, 1);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("no/such/dir/x.npy"), npos) << status.message();
}

}  // namespace
}  // namespace tools
}  // namespace brasa
