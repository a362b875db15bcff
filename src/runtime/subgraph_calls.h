// Which subgraphs control-flow operators call, checked once at creation.
#ifndef BRASA_RUNTIME_SUBGRAPH_CALLS_H_
#define BRASA_RUNTIME_SUBGRAPH_CALLS_H_

#include <cstdint>
#include <vector>

#include "brasa/status.h"
#include "src/model/model_data.h"

namespace brasa {
namespace internal {

// The subgraph indices an operator calls, read from its builtin options:
// IF (then, else), WHILE (cond, body), CALL_ONCE (init); empty for other
// operators. A missing options table reads as index 0.
std::vector<int32_t> CalledSubgraphs(int32_t builtin_code, const tflite::Operator& op);

// Checks every control-flow operator of every subgraph: each called index is
// in range and is not the main subgraph (0), and no subgraph calls itself
// through a chain of calls, and no chain of calls is longer than
// `max_depth` subgraphs below its first caller (InterpreterOptions::
// max_subgraph_depth). `called[s]` says whether any operator calls s.
Status ValidateSubgraphCalls(const ModelData& model, int max_depth, std::vector<bool>* called);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_SUBGRAPH_CALLS_H_
