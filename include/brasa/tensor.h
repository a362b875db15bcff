// Tensor: one type for every phase (load, prepare, invoke) and every owner
// (model constants, arena activations, caller buffers).
#ifndef BRASA_TENSOR_H_
#define BRASA_TENSOR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "brasa/compact_list.h"
#include "brasa/export.h"

namespace brasa {

// Element types. The numbering is TensorFlow Lite's TensorType.
enum class DataType : int8_t {
  kFloat32 = 0,
  kFloat16 = 1,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kString = 5,
  kBool = 6,
  kInt16 = 7,
  kComplex64 = 8,
  kInt8 = 9,
  kFloat64 = 10,
  // A resource handle (VAR_HANDLE's output): an int32 id the interpreter
  // resolves at prepare, never data a model computes.
  kResource = 13,
};

// "float32", "int8", ...; "unknown" for anything else.
BRASA_API const char* DataTypeName(DataType type);
// Bytes per element, or 0 for types brasa cannot store (string, unknown).
BRASA_API size_t DataTypeSize(DataType type);

// A Quantization's scales. Reads like a const std::vector<float>. Either the
// list owns its floats, or (a model's tensors) it views them in place inside
// the model's bytes, which outlive every interpreter built from the model:
// per-channel weights carry one scale per output channel (5,508 floats in
// person_detect), and copying them would cost a microcontroller 22 KB of RAM.
using ScaleList = CompactList<float>;

// Affine quantization: real = scale * (q - zero_point). One entry per tensor,
// or one per slice along `quantized_dimension` (per-channel weights).
struct Quantization {
  ScaleList scales;
  // One zero point is held inline (no heap block: most tensors have one).
  CompactList<int32_t> zero_points;
  int32_t quantized_dimension = 0;

  bool is_quantized() const { return !scales.empty(); }
  bool is_per_channel() const { return scales.size() > 1; }
  float scale() const { return scales.empty() ? 0.0f : scales[0]; }
  int32_t zero_point() const { return zero_points.empty() ? 0 : zero_points[0]; }
};

// Where a tensor's bytes live.
enum class Allocation : int8_t {
  kNone,       // no data (yet)
  kConstant,   // read-only bytes inside the model
  kArena,      // planned offset inside the interpreter's arena
  kPersistent, // outlives a single invoke (variables)
  kDelegate,   // owned by a delegate; not in the arena
};

// The DataType of a C++ element type (float -> kFloat32, int8_t -> kInt8,
// ...), for typed accessors such as Interpreter::input_data<T>. Types
// without a C++ counterpart (float16, string) have none: use raw bytes.
template <typename T>
struct DataTypeOf;
template <> struct DataTypeOf<float> { static constexpr DataType value = DataType::kFloat32; };
template <> struct DataTypeOf<double> { static constexpr DataType value = DataType::kFloat64; };
template <> struct DataTypeOf<int8_t> { static constexpr DataType value = DataType::kInt8; };
template <> struct DataTypeOf<uint8_t> { static constexpr DataType value = DataType::kUInt8; };
template <> struct DataTypeOf<int16_t> { static constexpr DataType value = DataType::kInt16; };
template <> struct DataTypeOf<int32_t> { static constexpr DataType value = DataType::kInt32; };
template <> struct DataTypeOf<int64_t> { static constexpr DataType value = DataType::kInt64; };
template <> struct DataTypeOf<bool> { static constexpr DataType value = DataType::kBool; };

using Shape = std::vector<int32_t>;

// Number of elements of a shape (1 for a scalar). Shapes in a prepared graph
// are validated, so this cannot overflow there.
BRASA_API int64_t ElementCount(const Shape& shape);
// "[1,96,96,1]", for messages. With BRASA_STRIP_ERROR_STRINGS (brasa/status.h),
// whose errors carry no text, it is "" and costs no flash: kernels pass it
// to KernelContext::Error, which evaluates its arguments and drops them.
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
[[gnu::abi_tag("stripped_errors")]] inline std::string ShapeToString(const Shape&) { return {}; }
#else
BRASA_API std::string ShapeToString(const Shape& shape);
#endif

// One level of a sparse constant's storage order (TensorFlow Lite's
// DimensionMetadata): a dense level holds every coordinate 0..dense_size-1
// under each parent position; a compressed (CSR) level holds, for parent
// position p, the entries segments[p] .. segments[p+1]-1 of `indices`.
struct SparseLevel {
  bool compressed = false;
  int32_t dense_size = 0;
  std::vector<int32_t> segments;
  std::vector<int32_t> indices;
};

// A constant stored in TensorFlow Lite's compressed sparse format (pruned
// weights). The tensor's shape is the dense shape; its data holds only the
// stored values. With n = rank and k = block_map.size(), the storage walks
// n + k levels: levels[l] describes dimension traversal_order[l], where
// dimensions 0..n-1 are the dense dimensions (divided by their block size
// when blocked) and n+j is the inner part of the j-th block, which splits
// dense dimension block_map[j]. Verified at load: every index is in range.
struct Sparsity {
  std::vector<int32_t> traversal_order;
  std::vector<int32_t> block_map;
  std::vector<SparseLevel> levels;
  int64_t stored_values = 0;
};

#if defined(BRASA_BARE_METAL)
// A bare-metal build keeps no tensor names at run time (messages name tensors
// by index): Tensor::name is this empty stand-in, one byte in the padding after
// the small fields instead of a 24-byte std::string (2 KB on person_detect).
// It reads as an empty string and ignores what is assigned to it.
struct NoTensorName {
  NoTensorName& operator=(const std::string&) { return *this; }
  bool empty() const { return true; }
  const char* c_str() const { return ""; }
  operator std::string() const { return std::string(); }  // NOLINT: implicit
};
inline std::string operator+(const std::string& text, NoTensorName) { return text; }
inline std::string operator+(std::string&& text, NoTensorName) { return std::move(text); }
inline std::string operator+(const char* text, NoTensorName) { return text; }
inline bool operator==(NoTensorName, const std::string& name) { return name.empty(); }
#endif

struct Tensor {
#if !defined(BRASA_BARE_METAL)
  std::string name;
#endif
  Shape shape;
  Quantization quantization;
  // The small fields together: no padding between them on 32-bit targets.
  DataType type = DataType::kFloat32;
  Allocation allocation = Allocation::kNone;
  bool is_variable = false;
#if defined(BRASA_BARE_METAL)
  NoTensorName name;  // BRASA_BARE_METAL is public: the application sees this layout too
#endif
  void* data = nullptr;  // constant data is never written through this
  size_t bytes = 0;
  // Set on a constant stored sparse (data then holds sparsity->stored_values
  // elements); kernels other than DENSIFY only ever see dense tensors.
  const Sparsity* sparsity = nullptr;

  int64_t element_count() const { return ElementCount(shape); }
  int32_t rank() const { return static_cast<int32_t>(shape.size()); }
  int32_t dim(int i) const { return shape[static_cast<size_t>(i)]; }

  template <typename T>
  T* data_as() { return static_cast<T*>(data); }
  template <typename T>
  const T* data_as() const { return static_cast<const T*>(data); }
};

}  // namespace brasa

#endif  // BRASA_TENSOR_H_
