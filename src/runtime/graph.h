// The interpreter's graph: tensors and nodes in execution order. Built from a
// Model by the interpreter, or directly by tests of single kernels.
#ifndef BRASA_RUNTIME_GRAPH_H_
#define BRASA_RUNTIME_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "brasa/isa.h"
#include "brasa/kernel.h"
#include "brasa/tensor.h"

namespace brasa {

struct Delegate;

namespace internal {

class ThreadPool;

// What the interpreter's options tell kernels (KernelContext::isa() and
// friends). Tests that build a Graph directly get the defaults.
struct KernelRuntime {
  Isa max_isa = Isa::kBest;
  bool use_reference_kernels = false;
  ThreadPool* thread_pool = nullptr;  // null: one thread
};
struct GraphSet;

// Heap blocks that live until Reset(): op data, packed weights, parsed
// options. Counted so tools can report them.
class PersistentAllocator {
 public:
  void* Allocate(size_t bytes);
  void Reset();
  size_t bytes() const { return bytes_; }

 private:
  struct alignas(16) Block16 {
    unsigned char bytes[16];
  };
  std::vector<std::unique_ptr<Block16[]>> blocks_;
  size_t bytes_ = 0;
};

struct Node {
  int index = 0;              // position in the model's operator list
  int32_t builtin_code = -1;  // -1 for custom ops and delegate partitions
  const char* op_name = "";
  const OpKernel* kernel = nullptr;
  std::vector<int> inputs;   // tensor indices; -1 = omitted optional input
  std::vector<int> outputs;
  std::vector<int> intermediates;  // tensors that only carry quantization (LSTM)
  const void* params = nullptr;  // parsed builtin options
  const uint8_t* custom_options = nullptr;
  size_t custom_options_size = 0;
  void* op_data = nullptr;
  std::vector<size_t> scratch_bytes;  // requested in Prepare
  std::vector<void*> scratch;         // bound after planning
  const Delegate* delegate = nullptr;  // set on a delegate partition node
  void* delegate_data = nullptr;       // the partition kernel's op data
  std::vector<int> delegated_nodes;    // model operators it replaced
};

// A variable tensor's initial value from the model (most variables have none
// and start at zero).
struct VariableInit {
  int tensor = -1;
  const uint8_t* data = nullptr;
  size_t size = 0;
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<VariableInit> variable_inits;
  std::vector<Node> nodes;  // execution order
  std::vector<int> inputs;
  std::vector<int> outputs;
  PersistentAllocator persistent;  // reset at every Prepare
  // Sparse constants' storage descriptions (Tensor::sparsity points here).
  std::vector<std::unique_ptr<Sparsity>> sparsity;
  KernelRuntime runtime;
  // The model's subgraph this graph was built from (0: the main one), and the
  // interpreter's set of all of them; null for a graph built alone by tests,
  // whose control-flow nodes then fail with a clear error.
  int subgraph_index = 0;
  GraphSet* set = nullptr;
};

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_GRAPH_H_
