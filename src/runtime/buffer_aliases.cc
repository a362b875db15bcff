#include "src/runtime/buffer_aliases.h"

#include <algorithm>

#include "kernels/registry.h"

namespace brasa {

// Weak references, as in fold_pad.cc: an application that registers neither
// kernel does not link it, and then no node runs it.
const OpKernel* Register_RESHAPE() __attribute__((weak));
const OpKernel* Register_SQUEEZE() __attribute__((weak));

namespace internal {
namespace {

// brasa's own RESHAPE and SQUEEZE kernels skip their copy when the output is
// the input's buffer; a kernel an application registers for the same code
// might not, so only these two share.
bool OnlyRelabels(const Node& node) {
  for (const OpKernel* (*registration)() : {Register_RESHAPE, Register_SQUEEZE}) {
    if (registration != nullptr && node.kernel == registration()) return true;
  }
  return false;
}

bool IsGraphOutput(const Graph& graph, int tensor) {
  return std::find(graph.outputs.begin(), graph.outputs.end(), tensor) != graph.outputs.end();
}

}  // namespace

void ShareReshapeBuffers(const Graph& graph, const int* first, int* last, int* root) {
  for (size_t t = 0; t < graph.tensors.size(); ++t) root[t] = static_cast<int>(t);
  for (const Node& node : graph.nodes) {
    if (!OnlyRelabels(node) || node.inputs.empty() || node.outputs.size() != 1) continue;
    const int input = node.inputs[0], output = node.outputs[0];
    if (input < 0 || output == input || first[static_cast<size_t>(input)] < 0 ||
        first[static_cast<size_t>(output)] < 0 || IsGraphOutput(graph, output)) {
      continue;
    }
    const Tensor& in = graph.tensors[static_cast<size_t>(input)];
    const Tensor& out = graph.tensors[static_cast<size_t>(output)];
    // Variables are rewritten in place; only plain activations share.
    if (in.is_variable || out.is_variable || in.bytes != out.bytes) continue;
    const int shared = root[static_cast<size_t>(input)];
    root[static_cast<size_t>(output)] = shared;
    int& shared_last = last[static_cast<size_t>(shared)];
    shared_last = std::max(shared_last, last[static_cast<size_t>(output)]);
  }
}

}  // namespace internal
}  // namespace brasa
