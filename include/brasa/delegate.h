// Delegates: backends (GPU, NPU, ...) that take over parts of a graph.
//
// After kernels are resolved, each delegate, in the caller's priority order,
// is asked for every node still on the CPU whether it supports it. Supported
// nodes are grouped into the largest partitions that keep a valid execution
// order; the delegate compiles each partition into one kernel, or declines
// and those nodes stay on the CPU. A compiled partition then runs like any
// other node: its kernel sees the partition's boundary tensors as inputs and
// outputs. Tensors used only inside a partition belong to the delegate and
// take no arena space.
#ifndef BRASA_DELEGATE_H_
#define BRASA_DELEGATE_H_

#include <vector>

#include "brasa/kernel.h"
#include "brasa/status.h"

namespace brasa {

struct DelegatePartition {
  std::vector<int> nodes;    // model operator indices, in execution order
  std::vector<int> inputs;   // tensors read from outside, in kernel input order
  std::vector<int> outputs;  // tensors read after it, in kernel output order
  std::vector<int> internal_tensors;  // produced and consumed only inside
};

struct Delegate {
  const char* name = "";
  void* user_data = nullptr;

  // Whether the delegate can run this node (read its op with
  // node.builtin_code(), tensors with node.input()/output(), options with
  // node.params<...>()). Must not keep `node`.
  bool (*supports_node)(void* user_data, const KernelContext& node) = nullptr;

  // Compiles `partition`. `nodes[i]` describes partition.nodes[i] and is
  // valid only during the call. On success set *kernel to the kernel that
  // runs the partition and *kernel_data to its state (read in the kernel with
  // context.raw_op_data()); leave *kernel null to decline. The delegate owns
  // kernel_data and must keep it alive as long as the interpreter.
  Status (*compile)(void* user_data, const DelegatePartition& partition,
                    const KernelContext* nodes, const OpKernel** kernel,
                    void** kernel_data) = nullptr;
};

}  // namespace brasa

#endif  // BRASA_DELEGATE_H_
