#include "src/runtime/graph_builder.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "kernels/op_versions.h"
#include "brasa/builtin_op.h"
#include "src/core/densify.h"
#include "src/core/error_text.h"
#include "src/core/features.h"
#include "src/model/builtin_names.h"
#include "src/model/sparsity.h"
#include "src/model/builtin_params.h"

namespace brasa {
namespace internal {
namespace {

// A node's index list, viewed in the model's bytes (which outlive the
// interpreter) where this CPU reads them as stored; otherwise copied.
CompactList<int32_t> ViewIndices(const flatbuffers::Vector<int32_t>* list) {
  if (list == nullptr) return CompactList<int32_t>();
#if FLATBUFFERS_LITTLEENDIAN
  return CompactList<int32_t>::View(list->data(), list->size());
#else
  CompactList<int32_t> copy;
  copy.assign(list->begin(), list->end());
  return copy;
#endif
}

// Converters do not always align constant data to its element size (int64
// biases of 16x8 models sit at 4 mod 8); kernels read constants in place, so
// such a constant is copied once into aligned memory. False if out of memory.
bool AlignConstant(Tensor* tensor, PersistentAllocator& memory) {
  const size_t element_size = DataTypeSize(tensor->type);
  if (element_size <= 1 || reinterpret_cast<uintptr_t>(tensor->data) % element_size == 0) {
    return true;
  }
  void* copy = memory.Allocate(tensor->bytes);
  if (copy == nullptr) return false;
  std::memcpy(copy, tensor->data, tensor->bytes);
  tensor->data = copy;
  return true;
}

// The scales are read in place from the model (its bytes outlive the
// interpreter) where they are stored as this CPU reads them; otherwise
// copied. The model's verifier (check_alignment, on a 16-byte aligned model)
// refused any vector whose length field is not 4-byte aligned, so the floats
// after it are aligned.
ScaleList ReadScales(const flatbuffers::Vector<float>& scales) {
#if FLATBUFFERS_LITTLEENDIAN
  return ScaleList::View(scales.data(), scales.size());
#else
  ScaleList copy;
  copy.assign(scales.begin(), scales.end());
  return copy;
#endif
}

// One zero point per scale (0 where the model stores none). A microcontroller's
// RAM is counted in bytes: on bare metal, per-channel weights and biases
// (symmetric, every zero point 0) keep one zero point, held inline, not one
// per channel. Kernels read them through ChannelZeroPoint, which allows that;
// hosted builds keep them all, as TensorFlow Lite's API reports.
void ReadZeroPoints(const flatbuffers::Vector<int64_t>* stored, size_t count,
                    CompactList<int32_t>* zero_points) {
  auto at = [&](size_t i) {
    return stored != nullptr && i < stored->size()
               ? static_cast<int32_t>(stored->Get(static_cast<flatbuffers::uoffset_t>(i)))
               : 0;
  };
#ifdef BRASA_BARE_METAL
  bool all_same = true;
  for (size_t i = 1; i < count && all_same; ++i) all_same = at(i) == at(0);
  if (all_same) {
    zero_points->assign(1, at(0));
    return;
  }
#endif
  std::vector<int32_t> values(count);
  for (size_t i = 0; i < count; ++i) values[i] = at(i);
  zero_points->assign(values.data(), values.data() + count);  // the lists' own pointer copy
}

// Fills `tensor` (default-constructed, in the graph's table) from the model;
// `bytes`: its buffer's.
void BuildTensor(const tflite::Tensor& source, const BufferBytes& bytes, Tensor& tensor) {
#ifndef BRASA_BARE_METAL  // no names at run time on a microcontroller (Tensor::name)
  if (source.name() != nullptr) tensor.name = source.name()->str();
#endif
  tensor.type = static_cast<DataType>(source.type());
  if (const flatbuffers::Vector<int32_t>* shape = source.shape()) {
#if FLATBUFFERS_LITTLEENDIAN  // stored as read: the one pointer-range assign other shapes use
    tensor.shape.assign(shape->data(), shape->data() + shape->size());
#else
    tensor.shape.assign(shape->begin(), shape->end());
#endif
  }
  if (const tflite::QuantizationParameters* q = source.quantization()) {
    if (q->scale() != nullptr && q->scale()->size() > 0) {
      tensor.quantization.scales = ReadScales(*q->scale());
      ReadZeroPoints(q->zero_point(), tensor.quantization.scales.size(),
                     &tensor.quantization.zero_points);
      // Verification accepted an out-of-range dimension only on 1-D tensors.
      const int32_t dimension = q->quantized_dimension();
      tensor.quantization.quantized_dimension =
          dimension < static_cast<int32_t>(tensor.shape.size()) ? dimension : 0;
    }
  }
  if (source.is_variable()) {
    tensor.is_variable = true;
    tensor.allocation = Allocation::kPersistent;
  } else if (bytes.size > 0) {
    tensor.allocation = Allocation::kConstant;
    // Read-only: kernels receive constants through const Tensor pointers.
    tensor.data = const_cast<uint8_t*>(bytes.data);
    tensor.bytes = static_cast<size_t>(DataTypeSize(tensor.type) * ElementCount(tensor.shape));
  }
}

// Reads a (verified) sparsity field into the graph; the tensor's data is
// then its stored values only.
Status AttachSparsity(const tflite::Tensor& source, size_t stored_bytes, Tensor& tensor,
                      Graph* graph) {
#if !BRASA_SPARSE  // verification refused the model already; kept for graphs built otherwise
  (void)source, (void)stored_bytes, (void)tensor, (void)graph;
  return UnsupportedError("sparse tensors need a build with BRASA_SPARSE=ON");
#endif
  auto sparsity = std::make_unique<Sparsity>();
  BRASA_RETURN_IF_ERROR(ReadSparsity(source, "tensor " + tensor.name, stored_bytes,
                                     sparsity.get()));
  tensor.bytes = stored_bytes;
  tensor.sparsity = sparsity.get();
  graph->sparsity.push_back(std::move(sparsity));
  return Status::Ok();
}

// Kernels read constants as dense arrays. DENSIFY expands its sparse input
// itself; any other reader (FULLY_CONNECTED and CONV_2D take pruned weights
// directly) gets the tensor expanded once here, into the graph's lifetime
// memory, as TensorFlow Lite's reference kernels do.
Status DensifySparseConstants(Graph* graph, PersistentAllocator& memory) {
#if !BRASA_SPARSE  // no tensor is sparse (AttachSparsity)
  (void)graph, (void)memory;
  return Status::Ok();
#endif
  for (const Node& node : graph->nodes) {
    if (node.builtin_code == static_cast<int32_t>(BuiltinOp::kDensify)) continue;
    for (int input : node.inputs) {
      if (input < 0) continue;
      Tensor& tensor = graph->tensors[static_cast<size_t>(input)];
      if (tensor.sparsity == nullptr) continue;
      const size_t bytes = DataTypeSize(tensor.type) * static_cast<size_t>(tensor.element_count());
      void* dense = memory.Allocate(bytes);
      if (dense == nullptr && bytes > 0) {
        return ResourceExhaustedError("out of memory expanding sparse tensor " + tensor.name);
      }
      DensifyValues(*tensor.sparsity, tensor.shape, tensor.data, DataTypeSize(tensor.type),
                    dense);
      tensor.data = dense;
      tensor.bytes = bytes;
      tensor.sparsity = nullptr;
    }
  }
  return Status::Ok();
}

std::string OperatorLabel(int32_t code, const tflite::OperatorCode& op_code) {
  if (code == kBuiltinCustom) {
    return "custom operator '" + op_code.custom_code()->str() + "'";
  }
  const char* name = BuiltinOperatorNameForMessage(code);
  return std::string("operator ") + (name ? name : "UNKNOWN") + " (builtin " +
         std::to_string(code) + ")";
}

}  // namespace

Status BuildGraph(const ModelData& model, int subgraph_index, const OpResolver& resolver,
                  PersistentAllocator& options_memory, Graph* graph) {
  const tflite::SubGraph& subgraph =
      *model.root->subgraphs()->Get(static_cast<flatbuffers::uoffset_t>(subgraph_index));
  // Messages name the subgraph when it is not the main one (built only for a
  // message: a stripped build has none).
  const auto where = [subgraph_index]() -> std::string {
    return subgraph_index == 0 ? "" : "subgraph " + std::to_string(subgraph_index) + " ";
  };
  if (subgraph.tensors() != nullptr) {
    // Exact size, filled in place: a vector grown by doubling would hold up
    // to twice the tables, and both copies while it moves them (counted on a
    // microcontroller); no growth code either.
    graph->tensors = std::vector<Tensor>(subgraph.tensors()->size());
    size_t initial_values = 0;  // variables with a value in the model: sized once too
    for (const tflite::Tensor* tensor : *subgraph.tensors()) {
      initial_values += tensor->is_variable() && GetBufferBytes(model, tensor->buffer()).size > 0;
    }
    graph->variable_inits = std::vector<VariableInit>(initial_values);
    size_t next_init = 0;
    for (uint32_t t = 0; t < subgraph.tensors()->size(); ++t) {
      const tflite::Tensor* tensor = subgraph.tensors()->Get(t);
      Tensor& built = graph->tensors[t];
      const BufferBytes bytes = GetBufferBytes(model, tensor->buffer());
      BuildTensor(*tensor, bytes, built);
      if (tensor->sparsity() != nullptr) {
        BRASA_RETURN_IF_ERROR(AttachSparsity(*tensor, bytes.size, built, graph));
      }
      if (tensor->is_variable() && bytes.size > 0) {
        graph->variable_inits[next_init++] = {static_cast<int>(t), bytes.data, bytes.size};
      }
      if (!AlignConstant(&built, options_memory)) {
        return ResourceExhaustedError("out of memory copying a misaligned constant");
      }
    }
  }
  graph->inputs = ViewIndices(subgraph.inputs());
  graph->outputs = ViewIndices(subgraph.outputs());
  for (int index : graph->inputs) {
    if (graph->tensors[static_cast<size_t>(index)].allocation == Allocation::kConstant) {
      return InvalidModelError(where() + "graph input tensor " + std::to_string(index) +
                               " is a constant");
    }
  }

  bool any_unsupported = false;
  ErrorText unsupported;  // their messages
  const auto* operators = subgraph.operators();
  const uint32_t count = operators ? operators->size() : 0;
  // Exact size, filled in place (as the tensors); a node left empty is
  // unsupported, and then the graph is refused.
  graph->nodes = std::vector<Node>(count);
  for (uint32_t n = 0; n < count; ++n) {
    const tflite::Operator& op = *operators->Get(n);
    const tflite::OperatorCode& op_code = *model.root->operator_codes()->Get(op.opcode_index());
    const int32_t code = OperatorCodeOf(op_code);
    Node& node = graph->nodes[n];
    node.index = static_cast<int>(n);
    node.inputs = ViewIndices(op.inputs());
    node.outputs = ViewIndices(op.outputs());
    node.intermediates = ViewIndices(op.intermediates());
    for (int output : node.outputs) {
      if (graph->tensors[static_cast<size_t>(output)].allocation == Allocation::kConstant) {
        return InvalidModelError(where() + "node " + std::to_string(n) +
                                 " writes constant tensor " + std::to_string(output));
      }
    }
    if (code == kBuiltinCustom) {
      const flatbuffers::String& name = *op_code.custom_code();
      node.kernel = resolver.FindCustom(name.c_str(), name.size());  // read in place
      if (op.large_custom_options_offset() > 1) {
        node.custom_options = model.bytes + op.large_custom_options_offset();
        node.custom_options_size = static_cast<size_t>(op.large_custom_options_size());
      } else if (op.custom_options() != nullptr) {
        node.custom_options = op.custom_options()->data();
        node.custom_options_size = op.custom_options()->size();
      }
    } else {
      node.builtin_code = code;
      node.kernel = resolver.FindBuiltin(code);
    }
    if (node.kernel == nullptr) {
      any_unsupported = true;
      if (!kErrorText) continue;
      if (!unsupported.empty()) unsupported += "; ";
      unsupported += where() + "node " + std::to_string(n) + ": " + OperatorLabel(code, op_code) +
                     " is not supported";
      continue;
    }
    const int32_t max_version = code == kBuiltinCustom ? 0 : MaxBuiltinOpVersion(code);
    if (max_version > 0 && op_code.version() > max_version) {
      any_unsupported = true;
      if (!kErrorText) continue;
      if (!unsupported.empty()) unsupported += "; ";
      unsupported += where() + "node " + std::to_string(n) + ": " + OperatorLabel(code, op_code) +
                     " version " + std::to_string(op_code.version()) +
                     " is newer than brasa supports (up to " + std::to_string(max_version) + ")";
      continue;
    }
    node.op_name = node.kernel->name;
    if (code != kBuiltinCustom) {
      const Status status = ParseBuiltinOptions(code, *node.kernel, {op, model, options_memory},
                                                &node.params);
      if (!status.ok()) {
        return StatusWithCode(status.code(), where() + "node " + std::to_string(n) + " (" +
                                         node.op_name + "): " + status.message());
      }
    }
  }
  if (any_unsupported) return UnsupportedError(unsupported);
  return DensifySparseConstants(graph, options_memory);
}

}  // namespace internal
}  // namespace brasa
