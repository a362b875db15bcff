// The kernel interface: what an op implementation (builtin, custom or a
// delegate's compiled partition) sees of the interpreter.
//
// A kernel is a pair of plain functions. Prepare runs once per
// AllocateTensors: it validates inputs with precise errors, sets output
// shapes, computes parameters and requests scratch memory. Eval runs on every
// Invoke and only computes: it must not allocate or resize anything.
#ifndef BRASA_KERNEL_H_
#define BRASA_KERNEL_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <type_traits>

#include "brasa/export.h"
#include "brasa/isa.h"
#include "brasa/status.h"
#include "brasa/tensor.h"

namespace brasa {

class KernelContext;

// A resource variable (a tf.Variable in a converted model), named by
// (container, shared_name) and shared by every subgraph. Its value persists
// across Invoke calls; AllocateTensors and Interpreter::ResetVariables()
// return it to the uninitialized state.
struct ResourceVariable {
  Tensor value;              // type and shape fixed in Prepare; data bound after
  bool shape_known = false;  // Prepare has fixed value's type and shape
  bool initialized = false;  // assigned since the last reset
};

namespace internal {
struct Graph;
struct Node;
struct OptionsReader;
}  // namespace internal

struct OpKernel {
  const char* name;                          // "CONV_2D", or the custom name
  Status (*prepare)(KernelContext& context);  // may be null: nothing to do
  Status (*eval)(KernelContext& context);
  // brasa's builtin kernels: checks and parses the op's builtin options
  // (src/model/option_parsers.h) into what params() returns. Carried by the
  // kernel so that an application links the parsers of the ops it registers
  // only. Null for custom kernels and ops without options; an application's
  // own kernel for a builtin op leaves it null and gets brasa's parser for
  // the op (hosted builds; a bare-metal build refuses an op that has options
  // and no parser).
  Status (*parse_options)(const internal::OptionsReader& reader, const void** params) = nullptr;
};

class BRASA_API KernelContext {
 public:
  KernelContext(internal::Graph* graph, internal::Node* node, bool preparing)
      : graph_(graph), node_(node), preparing_(preparing) {}

  // The node's position in the model's operator list, and its op name.
  int node_index() const;
  const char* op_name() const;
  // TensorFlow Lite builtin operator code, or -1 for a custom op.
  int32_t builtin_code() const;

  int num_inputs() const;
  int num_outputs() const;
  // nullptr when the model omits an optional input (index -1).
  const Tensor* input(int i) const;
  Tensor* output(int i);
  const Tensor* output(int i) const;
  // Input i when it is a variable tensor (state an op updates in place, such
  // as SVDF's or LSTM's), else nullptr.
  Tensor* variable_input(int i);
  // The operator's intermediate tensors: no data, only quantization
  // parameters the converter recorded (the integer LSTM's gate scales).
  int num_intermediates() const;
  const Tensor* intermediate(int i) const;
  // The graph-wide tensor index behind input(i) / output(i) (-1 if omitted).
  int input_tensor_index(int i) const;
  int output_tensor_index(int i) const;

  // The op's options, parsed from the model into a plain struct (kernels'
  // params.h); custom ops read their raw custom options instead.
  template <typename Params>
  const Params& params() const {
    return *static_cast<const Params*>(raw_params());
  }
  const void* raw_params() const;
  const uint8_t* custom_options() const;
  size_t custom_options_size() const;

  // ---- Prepare only ----
  // Sets output(i)'s shape (its bytes are planned after Prepare).
  Status ResizeOutput(int i, const Shape& shape);
  // The same from its dimensions (no Shape built and freed).
  Status ResizeOutput(int i, std::initializer_list<int32_t> dims);
  // Memory that lives as long as the prepared graph (op data, packed
  // weights). Aligned to 16 bytes. Returns nullptr when out of memory.
  void* AllocatePersistent(size_t bytes);
  // Frees input i's data when it is an earlier node's constant result kept
  // in persistent memory (DENSIFY's expanded weights) that no other node
  // reads and that is not a graph output, and returns true (input(i)->data
  // is then null); else changes nothing and returns false. For a kernel
  // that has packed those values into a form of its own and never reads
  // input i again.
  bool ReleaseConstantInput(int i);
  // Allocates and default-constructs the node's op data. T must be trivially
  // destructible: persistent memory is released without running destructors.
  template <typename T>
  T* NewOpData() {
    static_assert(std::is_trivially_destructible<T>::value,
                  "op data must be trivially destructible");
    void* memory = AllocatePersistent(sizeof(T));
    if (memory == nullptr) return nullptr;
    T* data = new (memory) T();
    set_op_data(data);
    return data;
  }
  // Asks for `bytes` of scratch that is valid during this node's Eval only.
  // The planner places it in the arena; `index` names it for scratch().
  Status RequestScratch(size_t bytes, int* index);

  // ---- Eval ----
  template <typename T>
  T* op_data() const { return static_cast<T*>(raw_op_data()); }
  void* raw_op_data() const;
  void set_op_data(void* data);
  void* scratch(int index) const;

  // An error naming this node: "node 7 (CONV_2D): <printf-formatted text>".
  // With BRASA_STRIP_ERROR_STRINGS (brasa/status.h): the code and
  // kStrippedMessage only; the format and its arguments are dropped.
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
  template <typename... Args>
  Status Error(const char* /*format*/, const Args&... /*args*/) const {
    return StrippedError(StatusCode::kInvalidModel);
  }
  template <typename... Args>
  Status ErrorWithCode(StatusCode code, const char* /*format*/, const Args&... /*args*/) const {
    return StrippedError(code);
  }
#else
  Status Error(const char* format, ...) const
#if defined(__GNUC__)
      __attribute__((format(printf, 2, 3)))
#endif
      ;
  // The same text with a chosen status code (default: kInvalidModel).
  Status ErrorWithCode(StatusCode code, const char* format, ...) const
#if defined(__GNUC__)
      __attribute__((format(printf, 3, 4)))
#endif
      ;
#endif

  bool preparing() const { return preparing_; }

  // ---- Optimized kernels ----
  // The instruction-set level this node's micro-kernels may use: what the
  // CPU supports, capped by InterpreterOptions::max_isa and BRASA_ISA.
  Isa isa() const;
  // InterpreterOptions::use_reference_kernels: optimized kernels then run
  // their reference implementation.
  bool use_reference_kernels() const;
  // Threads ParallelFor may use (1: the calling thread only).
  int num_threads() const;
  // Runs task(task_context, i) for every i in [0, count) on the
  // interpreter's threads and returns when all have finished; inline with
  // one thread. Allocates nothing. Which thread runs which index is
  // unspecified: tasks must give the same result wherever they run.
  void ParallelFor(int count, void (*task)(void* task_context, int index),
                   void* task_context) const;

  // ---- Subgraphs (control flow: IF, WHILE, CALL_ONCE) ----
  // The interpreter checked at creation that a control-flow node's subgraph
  // indices are in range, not the main subgraph (0), and form no cycle.
  int num_subgraphs() const;
  int subgraph_num_inputs(int subgraph) const;
  int subgraph_num_outputs(int subgraph) const;
  // nullptr when out of range. Prepare may set an input's shape (its type
  // must already match) before PrepareSubgraph.
  Tensor* subgraph_input(int subgraph, int i);
  const Tensor* subgraph_output(int subgraph, int i) const;
  // Prepare only: prepares `subgraph` for the shapes now on its inputs.
  Status PrepareSubgraph(int subgraph);
  // Eval only: runs `subgraph`. Allocates nothing.
  Status InvokeSubgraph(int subgraph);
  // The most iterations a WHILE may run (InterpreterOptions); 0: no limit.
  int64_t max_while_iterations() const;

  // ---- Resource variables (VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE) ----
  // Prepare only: the id of the variable (container, shared_name), added on
  // first use; -1 when the graph has no interpreter behind it.
  int32_t FindOrAddVariable(const char* container, const char* shared_name);
  // nullptr for an unknown id.
  ResourceVariable* variable(int32_t id) const;
  const char* variable_name(int32_t id) const;
  // Changes whenever the variables are reset (CALL_ONCE reruns its init).
  uint32_t variables_epoch() const;

 private:
  Status ResizeOutputTo(int i, const int32_t* dims, size_t rank);

  internal::Graph* graph_;
  internal::Node* node_;
  bool preparing_;
};

}  // namespace brasa

#endif  // BRASA_KERNEL_H_
