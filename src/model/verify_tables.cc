#include "src/model/verify_tables.h"

namespace brasa {
namespace internal {
namespace {

// Each view verifies one schema table as its generated Verify does, field for
// field, but calls the views below for nested operators instead of the
// generated verifiers. A view is the table's own bytes (flatbuffers::Table
// has no other state), read through the generated accessors.

struct OperatorView : flatbuffers::Table {
  bool Verify(flatbuffers::Verifier& verifier) const {
    using O = tflite::Operator;
    const O& op = *reinterpret_cast<const O*>(this);
    return VerifyTableStart(verifier) &&
           VerifyField<uint32_t>(verifier, O::VT_OPCODE_INDEX, 4) &&
           VerifyOffset(verifier, O::VT_INPUTS) && verifier.VerifyVector(op.inputs()) &&
           VerifyOffset(verifier, O::VT_OUTPUTS) && verifier.VerifyVector(op.outputs()) &&
           VerifyField<uint8_t>(verifier, O::VT_BUILTIN_OPTIONS_TYPE, 1) &&
           // The options table itself: CheckBuiltinOptions, before it is read.
           VerifyOffset(verifier, O::VT_BUILTIN_OPTIONS) &&
           VerifyOffset(verifier, O::VT_CUSTOM_OPTIONS) &&
           verifier.VerifyVector(op.custom_options()) &&
           VerifyField<int8_t>(verifier, O::VT_CUSTOM_OPTIONS_FORMAT, 1) &&
           VerifyOffset(verifier, O::VT_MUTATING_VARIABLE_INPUTS) &&
           verifier.VerifyVector(op.mutating_variable_inputs()) &&
           VerifyOffset(verifier, O::VT_INTERMEDIATES) &&
           verifier.VerifyVector(op.intermediates()) &&
           VerifyField<uint64_t>(verifier, O::VT_LARGE_CUSTOM_OPTIONS_OFFSET, 8) &&
           VerifyField<uint64_t>(verifier, O::VT_LARGE_CUSTOM_OPTIONS_SIZE, 8) &&
           verifier.EndTable();
  }
};

struct SubGraphView : flatbuffers::Table {
  bool Verify(flatbuffers::Verifier& verifier) const {
    using S = tflite::SubGraph;
    const S& subgraph = *reinterpret_cast<const S*>(this);
    const auto* operators =
        reinterpret_cast<const flatbuffers::Vector<flatbuffers::Offset<OperatorView>>*>(
            subgraph.operators());
    return VerifyTableStart(verifier) &&
           VerifyOffset(verifier, S::VT_TENSORS) &&
           verifier.VerifyVector(subgraph.tensors()) &&
           verifier.VerifyVectorOfTables(subgraph.tensors()) &&
           VerifyOffset(verifier, S::VT_INPUTS) && verifier.VerifyVector(subgraph.inputs()) &&
           VerifyOffset(verifier, S::VT_OUTPUTS) && verifier.VerifyVector(subgraph.outputs()) &&
           VerifyOffset(verifier, S::VT_OPERATORS) && verifier.VerifyVector(operators) &&
           verifier.VerifyVectorOfTables(operators) &&
           VerifyOffset(verifier, S::VT_NAME) && verifier.VerifyString(subgraph.name()) &&
           verifier.EndTable();
  }
};

struct ModelView : flatbuffers::Table {
  bool Verify(flatbuffers::Verifier& verifier) const {
    using M = tflite::Model;
    const M& model = *reinterpret_cast<const M*>(this);
    const auto* subgraphs =
        reinterpret_cast<const flatbuffers::Vector<flatbuffers::Offset<SubGraphView>>*>(
            model.subgraphs());
    return VerifyTableStart(verifier) &&
           VerifyField<uint32_t>(verifier, M::VT_VERSION, 4) &&
           VerifyOffset(verifier, M::VT_OPERATOR_CODES) &&
           verifier.VerifyVector(model.operator_codes()) &&
           verifier.VerifyVectorOfTables(model.operator_codes()) &&
           VerifyOffset(verifier, M::VT_SUBGRAPHS) && verifier.VerifyVector(subgraphs) &&
           verifier.VerifyVectorOfTables(subgraphs) &&
           VerifyOffset(verifier, M::VT_DESCRIPTION) &&
           verifier.VerifyString(model.description()) &&
           VerifyOffset(verifier, M::VT_BUFFERS) && verifier.VerifyVector(model.buffers()) &&
           verifier.VerifyVectorOfTables(model.buffers()) &&
           VerifyOffset(verifier, M::VT_METADATA_BUFFER) &&
           verifier.VerifyVector(model.metadata_buffer()) &&
           VerifyOffset(verifier, M::VT_METADATA) && verifier.VerifyVector(model.metadata()) &&
           verifier.VerifyVectorOfTables(model.metadata()) &&
           VerifyOffset(verifier, M::VT_SIGNATURE_DEFS) &&
           verifier.VerifyVector(model.signature_defs()) &&
           verifier.VerifyVectorOfTables(model.signature_defs()) &&
           verifier.EndTable();
  }
};

}  // namespace

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

bool VerifyTablesButOptions(const uint8_t* bytes, size_t size) {
  flatbuffers::Verifier verifier = ModelVerifier(bytes, size);
  return verifier.VerifyBuffer<ModelView>(tflite::ModelIdentifier());
}

}  // namespace internal
}  // namespace brasa
