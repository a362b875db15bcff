// One model subgraph -> Graph: tensors with their constant data and
// quantization, nodes with their kernel and parsed options.
#ifndef BRASA_RUNTIME_GRAPH_BUILDER_H_
#define BRASA_RUNTIME_GRAPH_BUILDER_H_

#include "brasa/op_resolver.h"
#include "brasa/status.h"
#include "src/model/model_data.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// `options_memory` receives the parsed options (and aligned copies of
// constants the file stores misaligned) and must outlive the graph.
// Fails naming every operator the resolver has no kernel for, e.g.
// "node 7: operator CUMSUM (builtin 128) is not supported".
// Messages outside the main subgraph start with "subgraph <index> ".
Status BuildGraph(const ModelData& model, int subgraph_index, const OpResolver& resolver,
                  PersistentAllocator& options_memory, Graph* graph);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_GRAPH_BUILDER_H_
