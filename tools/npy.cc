#include "tools/npy.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include "src/core/checked_math.h"

namespace brasa {
namespace tools {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr uint64_t kMaxNpyBytes = uint64_t{1} << 32;  // 4 GiB: plenty for an input (beyond a 32-bit size_t)

struct DtypeName {
  const char* descr;
  DataType type;
};
constexpr DtypeName kDtypes[] = {
    {"<f4", DataType::kFloat32}, {"|i1", DataType::kInt8},  {"|u1", DataType::kUInt8},
    {"<i2", DataType::kInt16},   {"<i4", DataType::kInt32}, {"<i8", DataType::kInt64},
    {"|b1", DataType::kBool},    {"<f8", DataType::kFloat64}, {"<f2", DataType::kFloat16},
    {"<i1", DataType::kInt8},    {"<u1", DataType::kUInt8},
};

// The quoted value after 'key': in the header dict, or "" if absent.
std::string DictValue(const std::string& header, const std::string& key) {
  const size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) return "";
  size_t start = header.find(':', at);
  if (start == std::string::npos) return "";
  ++start;
  while (start < header.size() && header[start] == ' ') ++start;
  if (start >= header.size()) return "";
  const char open = header[start];
  const char close = open == '(' ? ')' : open;
  if (open == '\'' || open == '(') {
    const size_t end = header.find(close, start + 1);
    if (end == std::string::npos) return "";
    return header.substr(start + 1, end - start - 1);
  }
  size_t end = start;
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return header.substr(start, end - start);
}

bool ParseShape(const std::string& text, Shape* shape) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    if (i >= text.size()) break;
    int64_t value = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i] - '0');
      if (value > INT32_MAX) return false;
      ++i;
      ++digits;
    }
    if (digits == 0 || shape->size() >= 8) return false;
    shape->push_back(static_cast<int32_t>(value));
  }
  return true;
}

const char* DescrOf(DataType type) {
  for (const DtypeName& d : kDtypes) {
    if (d.type == type) return d.descr;
  }
  return nullptr;
}

}  // namespace

// Reads a whole regular file without exceptions: a directory, a FIFO or a
// device is refused by name before anything is read from it.
Result<std::vector<uint8_t>> ReadRegularFile(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return NotFoundError("cannot open '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) return IoError("'" + path + "' is not a regular file");
  if (static_cast<uint64_t>(info.st_size) > kMaxNpyBytes + 4096) {
    return InvalidArgumentError("'" + path + "' is too large for an .npy input");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                        &std::fclose);
  if (file == nullptr) return IoError("cannot open '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> content;
  uint8_t chunk[1 << 16];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file.get())) > 0) {
    if (content.size() + got > kMaxNpyBytes + 4096) {
      return InvalidArgumentError("'" + path + "' is too large for an .npy input");
    }
    content.insert(content.end(), chunk, chunk + got);
  }
  if (std::ferror(file.get())) return IoError("cannot read '" + path + "'");
  return content;
}

Result<NpyArray> ReadNpy(const std::string& path) {
  Result<std::vector<uint8_t>> content = ReadRegularFile(path);
  if (!content.ok()) return content.status();
  return ParseNpy(content->data(), content->size(), path);
}

Result<NpyArray> ParseNpy(const uint8_t* data, size_t size, const std::string& path) {
  const std::vector<uint8_t> content(data, data + size);
  const std::string where = "'" + path + "': ";
  if (content.size() < 10 || std::memcmp(content.data(), kMagic, kMagicSize) != 0) {
    return InvalidArgumentError(where + "not a .npy file (bad magic)");
  }
  const int major = content[6];
  size_t header_length = 0;
  size_t header_start = 0;
  if (major == 1) {
    header_length = content[8] | (content[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (content.size() < 12) return InvalidArgumentError(where + "truncated header");
    header_length = content[8] | (content[9] << 8) | (content[10] << 16) |
                    (static_cast<size_t>(content[11]) << 24);
    header_start = 12;
  } else {
    return InvalidArgumentError(where + "unsupported .npy version " + std::to_string(major));
  }
  if (header_length > content.size() - header_start) {
    return InvalidArgumentError(where + "truncated header");
  }
  const std::string header(reinterpret_cast<const char*>(content.data() + header_start),
                           header_length);
  NpyArray array;
  const std::string descr = DictValue(header, "descr");
  bool known = false;
  for (const DtypeName& d : kDtypes) {
    if (descr == d.descr) {
      array.type = d.type;
      known = true;
    }
  }
  if (!known) return InvalidArgumentError(where + "unsupported dtype '" + descr + "'");
  if (DictValue(header, "fortran_order").find("True") != std::string::npos) {
    return InvalidArgumentError(where + "Fortran-order arrays are not supported");
  }
  const size_t shape_key = header.find("'shape'");
  const size_t open = shape_key == std::string::npos ? shape_key : header.find('(', shape_key);
  const size_t close = open == std::string::npos ? open : header.find(')', open);
  if (close == std::string::npos || !ParseShape(DictValue(header, "shape"), &array.shape)) {
    return InvalidArgumentError(where + "cannot read the shape");
  }
  size_t bytes = 0;
  if (!TensorByteSize(array.shape, array.type, &bytes) || bytes > kMaxNpyBytes) {
    return InvalidArgumentError(where + "shape " + ShapeToString(array.shape) + " is too large");
  }
  const size_t data_start = header_start + header_length;
  if (content.size() - data_start < bytes) {
    return InvalidArgumentError(where + "holds " + std::to_string(content.size() - data_start) +
                                " data bytes, shape " + ShapeToString(array.shape) + " needs " +
                                std::to_string(bytes));
  }
  array.bytes.assign(content.begin() + static_cast<std::ptrdiff_t>(data_start),
                     content.begin() + static_cast<std::ptrdiff_t>(data_start + bytes));
  return array;
}

Status WriteNpy(const std::string& path, DataType type, const Shape& shape, const void* data,
                size_t bytes) {
  const char* descr = DescrOf(type);
  if (descr == nullptr) return UnsupportedError(std::string("cannot write ") + DataTypeName(type) + " to .npy");
  std::string shape_text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    shape_text += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) shape_text += ",";
  }
  shape_text += ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape_text + ", }";
  // Pad so the data starts on a 64-byte boundary; the header ends in '\n'.
  const size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  if (!file) return IoError("cannot write '" + path + "'");
  file.write(kMagic, kMagicSize);
  const char version[2] = {1, 0};
  file.write(version, 2);
  const char length[2] = {static_cast<char>(header.size() & 0xff),
                          static_cast<char>(header.size() >> 8)};
  file.write(length, 2);
  file.write(header.data(), static_cast<std::streamsize>(header.size()));
  file.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  if (!file) return IoError("failed writing '" + path + "'");
  return Status::Ok();
}

}  // namespace tools
}  // namespace brasa
