// Interpreter: runs one Model.
//
//   auto model = brasa::Model::FromFile("model.tflite");
//   auto interpreter = brasa::Interpreter::Create(**model,
//                          brasa::OpResolver::WithAllBuiltins());
//   (*interpreter)->AllocateTensors();     // prepare every node, plan arena
//   fill (*interpreter)->input(0)->data
//   (*interpreter)->Invoke();              // no heap allocation
//   read (*interpreter)->output(0)->data
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
#include "brasa/model.h"
#include "brasa/op_resolver.h"
#include "brasa/status.h"
#include "brasa/tensor.h"

namespace brasa {

namespace internal {
struct InterpreterState;
}

struct InterpreterOptions {
  // Threads kernels may use. The reference kernels run on one thread.
  int num_threads = 1;
  // AllocateTensors fails with RESOURCE_EXHAUSTED when the planned arena
  // would be larger, so a hostile model cannot make brasa allocate gigabytes.
  size_t max_arena_bytes = size_t{1} << 30;
  // Optional caller-owned arena (e.g. a static buffer on a microcontroller).
  // Must be 16-byte aligned and outlive the interpreter; when null, the
  // interpreter allocates the arena once per AllocateTensors.
  void* arena = nullptr;
  size_t arena_size = 0;
  // Delegates in priority order; they must outlive the interpreter.
  std::vector<const Delegate*> delegates;
};

// A node as tools see it.
struct NodeInfo {
  int index = 0;                 // model operator index, or first claimed one
  std::string op_name;           // "CONV_2D"; the delegate's name for partitions
  std::vector<int> inputs;
  std::vector<int> outputs;
  std::vector<int> delegated_nodes;  // operators a delegate partition runs
};

class Interpreter {
 public:
  // Resolves every operator of the model's first subgraph to a kernel and
  // parses its options. Fails, naming them, if operators are unsupported.
  static Result<std::unique_ptr<Interpreter>> Create(
      const Model& model, const OpResolver& resolver,
      const InterpreterOptions& options = InterpreterOptions());
  ~Interpreter();

  // Prepares every node (shapes, parameters, scratch), plans the arena and
  // binds every tensor. Must be called before Invoke and after a resize.
  Status AllocateTensors();
  // Changes input `index`'s shape; call AllocateTensors again afterwards.
  Status ResizeInputTensor(int index, const Shape& shape);
  // Runs the graph. Performs no heap allocation.
  Status Invoke();
  // Returns every variable tensor (the state of stateful ops such as SVDF and
  // the sequence LSTM/RNN ops, kept from one Invoke to the next) to its
  // initial value: zero (the zero point for int8), or the model's constant
  // value when it has one. AllocateTensors does this too. Allocates nothing.
  Status ResetVariables();

  int num_inputs() const;
  int num_outputs() const;
  // nullptr when out of range.
  Tensor* input(int index);
  const Tensor* output(int index) const;
  // nullptr when no input/output has that name.
  Tensor* input(const std::string& name);
  const Tensor* output(const std::string& name) const;

  // Bytes of the planned arena, and the most bytes alive at any one step.
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
  explicit Interpreter(std::unique_ptr<internal::InterpreterState> state);
  std::unique_ptr<internal::InterpreterState> state_;
};

}  // namespace brasa

#endif  // BRASA_INTERPRETER_H_
