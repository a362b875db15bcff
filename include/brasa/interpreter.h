// Interpreter: runs one Model.
//
//   auto model = brasa::Model::FromFile("model.tflite");
//   auto interpreter = brasa::Interpreter::Create(**model,
//                          brasa::OpResolver::WithAllBuiltins());
//   (*interpreter)->AllocateTensors();     // prepare every node, plan arena
//   float* in = (*interpreter)->input_data<float>(0);   // fill the input
//   (*interpreter)->Invoke();              // no heap allocation
//   read (*interpreter)->output(0)->data_as<float>()
//
// Tensors are read-only to callers (shape, type and data pointer belong to
// the interpreter, which prepared every kernel for them): a caller writes
// input values through input_data() and changes shapes with
// ResizeInputTensor + AllocateTensors.
//
// Several interpreters (e.g. one per thread) may share one Model; a single
// Interpreter is not thread-safe.
#ifndef BRASA_INTERPRETER_H_
#define BRASA_INTERPRETER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "brasa/delegate.h"
#include "brasa/export.h"
#include "brasa/isa.h"
#include "brasa/model.h"
#include "brasa/op_resolver.h"
#include "brasa/status.h"
#include "brasa/tensor.h"

namespace brasa {

namespace internal {
struct InterpreterState;
struct InterpreterAccess;  // src/runtime/arena_layout.h: read-only views for tools
}

// Optional per-node hook for profilers (`brasa bench --profile`). Invoke calls
// `node_begin` just before and `node_end` just after each node's Eval, with the
// node's position in execution order (0 .. num_nodes() - 1) and `user_data`.
// The callbacks are the caller's: they read their own clock and store into
// their own memory, so the runtime itself stays free of clocks and allocation.
// When InterpreterOptions::profiler is null (the default) Invoke pays one
// branch per call, nothing per node.
struct NodeProfiler {
  void (*node_begin)(void* user_data, int position) = nullptr;
  void (*node_end)(void* user_data, int position) = nullptr;
  void* user_data = nullptr;
};

struct InterpreterOptions {
  // Threads kernels may use (the calling thread included; at least 1). The
  // pool starts at Create; the reference kernels run on one thread.
  int num_threads = 1;
  // The highest instruction-set level optimized kernels may use (the
  // BRASA_ISA environment variable caps it too). Where it leaves an op no
  // SIMD micro-kernel (kScalar, or a CPU without them), the op runs its
  // portable reference kernel.
  Isa max_isa = Isa::kBest;
  // Runs every op's portable reference kernel instead of its optimized one
  // (slower; for checking results and debugging).
  bool use_reference_kernels = false;
  // AllocateTensors fails with RESOURCE_EXHAUSTED when the planned arena
  // would be larger, so a hostile model cannot make brasa allocate gigabytes.
  size_t max_arena_bytes = size_t{1} << 30;
  // Optional caller-owned arena (e.g. a static buffer on a microcontroller).
  // Must be 16-byte aligned and outlive the interpreter; when null, the
  // interpreter allocates the arena once per AllocateTensors. On x86-64 and
  // aarch64 the planner aligns tensors to 64 bytes from the arena's start, so
  // an arena aligned to 64 (alignas(64)) keeps SIMD loads within cache lines.
  void* arena = nullptr;
  size_t arena_size = 0;
  // A WHILE operator that has run this many iterations makes Invoke fail
  // with an error naming the node, instead of looping forever on a model
  // whose condition never turns false. 0: no limit.
  int64_t max_while_iterations = 10000000;
  // Resource limits for untrusted models (README: "Untrusted models and
  // resource limits"). Each is checked before the memory it guards is
  // allocated, and a model over one fails with RESOURCE_EXHAUSTED naming
  // the option, the model's number and the limit. The defaults admit every
  // real model we know of with a wide margin.
  //
  // Heap bytes for op data, packed weights, parsed options and variables
  // (persistent_bytes()); Create and AllocateTensors fail at the allocation
  // that would pass it.
  size_t max_persistent_bytes = size_t{1} << 30;
  // Tensors and operators over all subgraphs; checked by Create before any
  // graph is built.
  int64_t max_tensors = int64_t{1} << 17;
  int64_t max_operators = int64_t{1} << 16;
  // The longest chain of control-flow calls (IF, WHILE, CALL_ONCE), counted
  // in subgraphs below the caller: a main graph whose WHILE body holds an IF
  // nests 2 deep. Prepare and Invoke recurse once per level, so this bounds
  // their stack use. Checked by Create.
  int max_subgraph_depth = 16;
  // Multiply-accumulates one pass through a graph may cost (convolutions,
  // fully connected and matrix multiplies; pooling counts its window reads),
  // summed over the graph's nodes from their prepared shapes: a valid model
  // can ask for 10^12 of them in one depthwise convolution and run for hours.
  // AllocateTensors refuses a graph over it, naming the node that passes it.
  // Each subgraph is counted alone (a WHILE body once; max_while_iterations
  // bounds the repeats). The default, 2^37 (1.4 x 10^11), is about 450 times
  // MobileNetV2's 300 million. 0: no limit.
  int64_t max_invoke_macs = int64_t{1} << 37;
  // The main graph's inputs keep their bytes through Invoke (and for the
  // next one), as in TensorFlow Lite. false: an input's buffer is reused once
  // its last reader has run, so the caller writes every input before every
  // Invoke; a smaller arena where the input is large (person_detect on a
  // microcontroller: 9 KB less), as in TensorFlow Lite Micro.
  bool preserve_inputs = true;
  // Packed weights go into one reservation of address space that Linux may
  // back with 2 MB pages (transparent huge pages), for a main graph with at
  // least 8 MB of constant data: each invoke streams every layer's weights,
  // and beyond what the TLB covers in 4 KB pages that costs page walks
  // (float32 MobileNets: 2-3% of their time on one core). Resident memory
  // may grow by up to 2 MB. false: ordinary heap blocks. Ignored on bare
  // metal and in AddressSanitizer builds.
  bool large_pages = true;
  // Delegates in priority order; they must outlive the interpreter.
  std::vector<const Delegate*> delegates;
  // Optional; must outlive the interpreter. Both callbacks must be set.
  const NodeProfiler* profiler = nullptr;
};

// A node as tools see it.
struct NodeInfo {
  int index = 0;                 // model operator index, or first claimed one
  std::string op_name;           // "CONV_2D"; the delegate's name for partitions
  std::vector<int> inputs;
  std::vector<int> outputs;
  std::vector<int> delegated_nodes;  // operators a delegate partition runs
};

class BRASA_API Interpreter {
 public:
  // Resolves every operator of every subgraph to a kernel and parses its
  // options. Fails, naming them, if operators are unsupported, or if
  // control-flow operators call subgraphs out of range, call the main
  // subgraph, or call each other in a cycle. The main subgraph (0) is what
  // Invoke runs and what inputs, outputs and the introspection below see;
  // the others run when IF, WHILE or CALL_ONCE call them.
  static Result<std::unique_ptr<Interpreter>> Create(
      const Model& model, const OpResolver& resolver,
      const InterpreterOptions& options = InterpreterOptions());
  ~Interpreter();

  // Prepares every node of every subgraph (shapes, parameters, scratch),
  // plans the arena (one region per subgraph) and binds every tensor. Must be
  // called before Invoke and after a resize. Resource variables start
  // uninitialized again, and CALL_ONCE runs its initializer at the next Invoke.
  Status AllocateTensors();
  // Changes input `index`'s shape; call AllocateTensors again afterwards.
  Status ResizeInputTensor(int index, const Shape& shape);
  // Runs the graph. Performs no heap allocation.
  Status Invoke();
  // Returns the model's state to what it was before the first Invoke:
  // every variable tensor (the state of stateful ops such as SVDF and the
  // sequence LSTM/RNN ops) to its initial value, zero (the zero point for
  // int8) or the model's constant value when it has one; every resource
  // variable (tf.Variable) to uninitialized, so the next Invoke runs CALL_ONCE
  // initializers again. AllocateTensors does this too. Allocates nothing.
  // Fails before AllocateTensors.
  Status ResetVariables();

  int num_inputs() const;
  int num_outputs() const;
  // nullptr when out of range. Read-only: write input values through
  // input_data(), change shapes with ResizeInputTensor.
  const Tensor* input(int index) const;
  const Tensor* output(int index) const;
  // nullptr when no input/output has that name.
  const Tensor* input(const std::string& name) const;
  const Tensor* output(const std::string& name) const;

  // Input `index`'s values as T, writable, input(index)->bytes long; nullptr
  // when out of range, before AllocateTensors, or when T is not the input's
  // type (DataTypeOf<T>).
  template <typename T>
  T* input_data(int index) {
    return static_cast<T*>(TypedInputData(index, DataTypeOf<T>::value));
  }
  // Input `index`'s bytes, whatever its type (for copying raw bytes in);
  // nullptr when out of range or before AllocateTensors.
  void* input_data(int index);

  // Bytes of the planned arena (all subgraphs), and the most bytes alive at
  // any one step (summed over subgraphs). A node the planner runs in place
  // (the reference CONV_2D and DEPTHWISE_CONV_2D kernels, registered from
  // brasa/builtin_kernels.h as a microcontroller does, may write their output
  // over their input) counts its input and output as the span of the two.
  size_t arena_bytes() const;
  size_t arena_lower_bound() const;
  // Heap bytes kept for op data, packed weights and options.
  size_t persistent_bytes() const;

  // Graph introspection for tools.
  int num_tensors() const;
  const Tensor* tensor(int index) const;
  int num_nodes() const;
  NodeInfo node(int position) const;
  int input_tensor_index(int index) const;
  int output_tensor_index(int index) const;

 private:
  friend struct internal::InterpreterAccess;
  explicit Interpreter(std::unique_ptr<internal::InterpreterState> state);
  void* TypedInputData(int index, DataType type);
  std::unique_ptr<internal::InterpreterState> state_;
};

}  // namespace brasa

#endif  // BRASA_INTERPRETER_H_
