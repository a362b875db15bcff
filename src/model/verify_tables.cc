#include "src/model/verify_tables.h"

#include <cstring>

namespace brasa {
namespace internal {
namespace {

// VerifyTablesButOptions verifies by rule, not by generated code: one rule
// per field of the schema's tables that a model holds (those the generated
// verifiers visit, in their order), read by one small interpreter. On a
// Cortex-M4 the generated verifiers of these 16 tables, inlined, took about
// 2.7 KB of flash; the rules and their interpreter take about 600 bytes.
using flatbuffers::Table;
using flatbuffers::Verifier;

enum Kind : uint8_t {
  kScalar,  // arg: its size, also its alignment
  kOffset,  // only the offset (operators' options: the op's parser verifies them)
  kString,
  kVector,  // of scalars; arg: the element size
  kTable,   // arg: the table's rule
  kTables,  // a vector of tables; arg: their rule
  kUnion,   // arg: the union's rule
};

struct FieldRule {
  uint8_t vtable_offset;  // the generated VT_ constant
  Kind kind;
  uint8_t arg;
};

// The tables, in the order of kFieldCounts.
enum TableId : uint8_t {
  kModel, kSubGraph, kOperator, kTensor, kQuantization, kCustomQuantization, kSparsity,
  kDimensionMetadata, kInt32Vector, kUint16Vector, kUint8Vector, kOperatorCode, kBuffer,
  kMetadata, kSignatureDef, kTensorMap,
  // Operators' options tables (OptionsRule's order), read by ReadOptions.
  kConv2DOptions, kDepthwiseConv2DOptions, kPool2DOptions, kFullyConnectedOptions,
  kSoftmaxOptions, kReshapeOptions,
};

// The unions: the type field and the tables of types 1..count.
struct UnionRule {
  uint8_t type_vtable_offset;
  TableId first;
  uint8_t count;
};
enum UnionId : uint8_t { kQuantizationDetails, kArraySegments, kArrayIndices };
constexpr UnionRule kUnionRules[] = {
    {12, kCustomQuantization, 1},  // QuantizationParameters.details
    {8, kInt32Vector, 3},          // DimensionMetadata.array_segments
    {12, kInt32Vector, 3},         // DimensionMetadata.array_indices
};

constexpr FieldRule kFieldRules[] = {
    // Model
    {4, kScalar, 4}, {6, kTables, kOperatorCode}, {8, kTables, kSubGraph}, {10, kString, 0},
    {12, kTables, kBuffer}, {14, kVector, 4}, {16, kTables, kMetadata},
    {18, kTables, kSignatureDef},
    // SubGraph
    {4, kTables, kTensor}, {6, kVector, 4}, {8, kVector, 4}, {10, kTables, kOperator},
    {12, kString, 0},
    // Operator
    {4, kScalar, 4}, {6, kVector, 4}, {8, kVector, 4}, {10, kScalar, 1}, {12, kOffset, 0},
    {14, kVector, 1}, {16, kScalar, 1}, {18, kVector, 1}, {20, kVector, 4}, {22, kScalar, 8},
    {24, kScalar, 8},
    // Tensor
    {4, kVector, 4}, {6, kScalar, 1}, {8, kScalar, 4}, {10, kString, 0},
    {12, kTable, kQuantization}, {14, kScalar, 1}, {16, kTable, kSparsity}, {18, kVector, 4},
    {20, kScalar, 1},
    // QuantizationParameters
    {4, kVector, 4}, {6, kVector, 4}, {8, kVector, 4}, {10, kVector, 8}, {12, kScalar, 1},
    {14, kUnion, kQuantizationDetails}, {16, kScalar, 4},
    // CustomQuantization
    {4, kVector, 1},
    // SparsityParameters
    {4, kVector, 4}, {6, kVector, 4}, {8, kTables, kDimensionMetadata},
    // DimensionMetadata
    {4, kScalar, 1}, {6, kScalar, 4}, {8, kScalar, 1}, {10, kUnion, kArraySegments},
    {12, kScalar, 1}, {14, kUnion, kArrayIndices},
    // Int32Vector, Uint16Vector, Uint8Vector
    {4, kVector, 4}, {4, kVector, 2}, {4, kVector, 1},
    // OperatorCode
    {4, kScalar, 1}, {6, kString, 0}, {8, kScalar, 4}, {10, kScalar, 4},
    // Buffer
    {4, kVector, 1}, {6, kScalar, 8}, {8, kScalar, 8},
    // Metadata
    {4, kString, 0}, {6, kScalar, 4},
    // SignatureDef (VT 10 is deprecated)
    {4, kTables, kTensorMap}, {6, kTables, kTensorMap}, {8, kString, 0}, {12, kScalar, 4},
    // TensorMap
    {4, kString, 0}, {6, kScalar, 4},
    // Conv2DOptions
    {4, kScalar, 1}, {6, kScalar, 4}, {8, kScalar, 4}, {10, kScalar, 1}, {12, kScalar, 4},
    {14, kScalar, 4}, {16, kScalar, 1},
    // DepthwiseConv2DOptions
    {4, kScalar, 1}, {6, kScalar, 4}, {8, kScalar, 4}, {10, kScalar, 4}, {12, kScalar, 1},
    {14, kScalar, 4}, {16, kScalar, 4},
    // Pool2DOptions
    {4, kScalar, 1}, {6, kScalar, 4}, {8, kScalar, 4}, {10, kScalar, 4}, {12, kScalar, 4},
    {14, kScalar, 1},
    // FullyConnectedOptions
    {4, kScalar, 1}, {6, kScalar, 1}, {8, kScalar, 1}, {10, kScalar, 1}, {12, kScalar, 1},
    // SoftmaxOptions
    {4, kScalar, 4},
    // ReshapeOptions
    {4, kVector, 4},
};

// The number of fields of each table, in TableId order; each table's rules
// follow the previous table's in kFieldRules.
constexpr uint8_t kFieldCounts[] = {8, 5, 11, 9, 7, 1, 3, 6, 1, 1, 1, 4, 3, 2, 4, 2,
                                    7, 7, 6, 5, 1, 1};
static_assert(sizeof(kFieldCounts) == kReshapeOptions + 1, "one count per table");
static_assert(kConv2DOptions + static_cast<int>(OptionsRule::kReshape) == kReshapeOptions,
              "OptionsRule follows TableId");

constexpr size_t TotalFields() {
  size_t total = 0;
  for (uint8_t count : kFieldCounts) total += count;
  return total;
}
static_assert(TotalFields() == sizeof(kFieldRules) / sizeof(kFieldRules[0]),
              "kFieldCounts covers kFieldRules");

bool VerifyTableByRule(Verifier& verifier, const Table* table, uint8_t id);

bool VerifyFieldByRule(Verifier& verifier, const Table& table, const FieldRule& rule) {
  const auto* base = reinterpret_cast<const uint8_t*>(&table);
  if (rule.kind == kScalar) {
    const flatbuffers::voffset_t at = table.GetOptionalFieldOffset(rule.vtable_offset);
    return at == 0 || verifier.VerifyFieldStruct(base, at, rule.arg, rule.arg);
  }
  if (!table.VerifyOffset(verifier, rule.vtable_offset)) return false;
  const auto* target = table.GetPointer<const uint8_t*>(rule.vtable_offset);
  if (target == nullptr) return true;
  switch (rule.kind) {
    case kString:
      return verifier.VerifyString(reinterpret_cast<const flatbuffers::String*>(target));
    case kVector:
      return verifier.VerifyVectorOrString(target, rule.arg);
    case kTable:
      return VerifyTableByRule(verifier, reinterpret_cast<const Table*>(target), rule.arg);
    case kTables: {
      if (!verifier.VerifyVectorOrString(target, sizeof(flatbuffers::uoffset_t))) return false;
      const auto* tables =
          reinterpret_cast<const flatbuffers::Vector<flatbuffers::Offset<Table>>*>(target);
      for (flatbuffers::uoffset_t i = 0; i < tables->size(); ++i) {
        if (!VerifyTableByRule(verifier, tables->Get(i), rule.arg)) return false;
      }
      return true;
    }
    case kUnion: {
      // As the generated union verifiers: NONE and unknown types pass.
      const UnionRule& u = kUnionRules[rule.arg];
      const uint8_t type = table.GetField<uint8_t>(u.type_vtable_offset, 0);
      if (type == 0 || type > u.count) return true;
      return VerifyTableByRule(verifier, reinterpret_cast<const Table*>(target),
                               static_cast<uint8_t>(u.first + type - 1));
    }
    default:  // kOffset
      return true;
  }
}

bool VerifyTableByRule(Verifier& verifier, const Table* table, uint8_t id) {
  if (table == nullptr) return true;
  if (!verifier.VerifyTableStart(reinterpret_cast<const uint8_t*>(table))) return false;
  size_t first = 0;
  for (uint8_t t = 0; t < id; ++t) first += kFieldCounts[t];
  for (size_t f = first; f < first + kFieldCounts[id]; ++f) {
    if (!VerifyFieldByRule(verifier, *table, kFieldRules[f])) return false;
  }
  return verifier.EndTable();
}

// The root table, for Verifier::VerifyBuffer.
struct ModelByRule : Table {
  bool Verify(Verifier& verifier) const { return VerifyTableByRule(verifier, this, kModel); }
};

}  // namespace

bool VerifyOptionsByRule(flatbuffers::Verifier& verifier, const void* table, OptionsRule rule) {
  return VerifyTableByRule(verifier, static_cast<const Table*>(table),
                           static_cast<uint8_t>(kConv2DOptions + static_cast<uint8_t>(rule)));
}

size_t FlatbufferSize(size_t file_size) {
  return file_size < FLATBUFFERS_MAX_BUFFER_SIZE ? file_size : FLATBUFFERS_MAX_BUFFER_SIZE - 1;
}

flatbuffers::Verifier ModelVerifier(const uint8_t* bytes, size_t size) {
  flatbuffers::Verifier::Options options;
  options.max_depth = 64;
  options.max_tables = 10000000;
  return flatbuffers::Verifier(bytes, FlatbufferSize(size), options);
}

bool VerifyAllTables(const uint8_t* bytes, size_t size) {
  flatbuffers::Verifier verifier = ModelVerifier(bytes, size);
  return tflite::VerifyModelBuffer(verifier);
}

bool HasModelIdentifier(const uint8_t* bytes) {
  // flatbuffers' BufferHasIdentifier compares with strncmp: for a 4-byte
  // identifier without a zero byte that is memcmp, which the image links
  // anyway (about 180 bytes less flash on a Cortex-M4).
  return std::memcmp(bytes + sizeof(flatbuffers::uoffset_t), tflite::ModelIdentifier(),
                     flatbuffers::kFileIdentifierLength) == 0;
}

bool VerifyTablesButOptions(const uint8_t* bytes, size_t size) {
  flatbuffers::Verifier verifier = ModelVerifier(bytes, size);
  // The identifier first (the verifier's own check would use strncmp).
  return size >= 8 && HasModelIdentifier(bytes) && verifier.VerifyBuffer<ModelByRule>(nullptr);
}

}  // namespace internal
}  // namespace brasa
