// Hands the parts of a graph that delegates support over to them.
#ifndef BRASA_DELEGATE_PARTITION_H_
#define BRASA_DELEGATE_PARTITION_H_

#include <vector>

#include "brasa/delegate.h"
#include "brasa/status.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// Groups `graph`'s nodes into runs of CPU nodes and delegate partitions.
// Starting from the nodes whose inputs are ready, it repeatedly takes every
// ready node of one kind (supported or not) before switching kind, so each
// partition is as large as the dependencies allow and the order stays valid.
// Returns, in the new execution order, groups of node positions; a group is
// a partition when `supported` is true for its nodes.
std::vector<std::vector<int>> GroupNodes(const Graph& graph,
                                         const std::vector<bool>& supported);

// Asks each delegate in turn to claim and compile partitions; replaces each
// compiled partition by one node running the delegate's kernel.
Status ApplyDelegates(Graph* graph, const std::vector<const Delegate*>& delegates);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_DELEGATE_PARTITION_H_
