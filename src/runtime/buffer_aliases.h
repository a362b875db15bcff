// Which activations can share their input's arena buffer instead of getting
// their own: the outputs of RESHAPE and SQUEEZE, which only relabel bytes.
#ifndef BRASA_RUNTIME_BUFFER_ALIASES_H_
#define BRASA_RUNTIME_BUFFER_ALIASES_H_

#include <vector>

#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// Sets `root[t]`, for each tensor t, to the tensor whose buffer it shares
// (itself when none). `first` and `last` are the tensors' lifetimes in steps
// (-1: not planned); each shared buffer's lifetime in `last` is extended to
// cover the tensors sharing it, whose own entries are then not to be
// planned. Arrays of one entry per tensor (carved from one allocation).
void ShareReshapeBuffers(const Graph& graph, const int* first, int* last, int* root);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_BUFFER_ALIASES_H_
