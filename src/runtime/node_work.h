// The arithmetic one Invoke of a node costs, estimated from its prepared
// shapes: what InterpreterOptions::max_invoke_macs limits, so that a valid
// but absurd model (a depthwise convolution of 10^12 multiply-accumulates)
// is refused at AllocateTensors instead of running for hours.
#ifndef BRASA_RUNTIME_NODE_WORK_H_
#define BRASA_RUNTIME_NODE_WORK_H_

#include <cstdint>

#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// Multiply-accumulates of the convolution, matrix-multiply and fully
// connected families, and window reads of the pooling family and of
// LOCAL_RESPONSE_NORMALIZATION (up to 2 * radius per output: a channel
// dimension of 2M with a huge radius is 4 x 10^12); 0 for other ops, whose
// work is bounded by their tensors' sizes. Saturates at
// UINT64_MAX. Call after the node's Prepare.
uint64_t NodeMacs(const Graph& graph, const Node& node);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_NODE_WORK_H_
