#include "src/runtime/subgraph_calls.h"

#include <string>

#include "src/model/builtin_names.h"

namespace brasa {
namespace internal {
namespace {

constexpr int32_t kIf = 118;
constexpr int32_t kWhile = 119;
constexpr int32_t kCallOnce = 129;

struct Call {
  int node;
  int32_t callee;
};

// calls[s]: every (node, callee) of subgraph s.
using CallTable = std::vector<std::vector<Call>>;

enum class Visit : int8_t { kNew, kOnStack, kDone };

// Depth-first search from `root`, iterative so that a hostile chain of
// thousands of subgraphs cannot overflow the stack. On a cycle, `path` holds
// the call chain and ends with the subgraph seen twice.
bool FindCycle(const CallTable& calls, int32_t root, std::vector<Visit>& visit,
               std::vector<int32_t>& path) {
  std::vector<size_t> next_call;  // per path entry: the next call to follow
  path.assign(1, root);
  next_call.assign(1, 0);
  visit[static_cast<size_t>(root)] = Visit::kOnStack;
  while (!path.empty()) {
    const int32_t s = path.back();
    const std::vector<Call>& out = calls[static_cast<size_t>(s)];
    if (next_call.back() == out.size()) {
      visit[static_cast<size_t>(s)] = Visit::kDone;
      path.pop_back();
      next_call.pop_back();
      continue;
    }
    const int32_t callee = out[next_call.back()++].callee;
    const Visit state = visit[static_cast<size_t>(callee)];
    if (state == Visit::kOnStack) {
      path.push_back(callee);
      return true;
    }
    if (state == Visit::kNew) {
      visit[static_cast<size_t>(callee)] = Visit::kOnStack;
      path.push_back(callee);
      next_call.push_back(0);
    }
  }
  return false;
}

std::string CycleText(const std::vector<int32_t>& path) {
  // path = [..., first, ..., last, first]: print from the first repeat on.
  size_t start = 0;
  while (path[start] != path.back()) ++start;
  std::string text;
  for (size_t i = start; i < path.size(); ++i) {
    if (!text.empty()) text += " -> ";
    text += std::to_string(path[i]);
  }
  return text;
}

// The longest chain of calls in the (acyclic) call table, as the subgraphs
// along it; one subgraph when nothing calls anything. Walks the subgraphs in
// reverse topological order (Kahn's algorithm), so no recursion.
std::vector<int32_t> LongestCallChain(const CallTable& calls) {
  const size_t count = calls.size();
  std::vector<int> callers(count, 0);
  for (const std::vector<Call>& out : calls) {
    for (const Call& call : out) ++callers[static_cast<size_t>(call.callee)];
  }
  std::vector<int32_t> order;  // callers before callees
  for (size_t s = 0; s < count; ++s) {
    if (callers[s] == 0) order.push_back(static_cast<int32_t>(s));
  }
  for (size_t i = 0; i < order.size(); ++i) {
    for (const Call& call : calls[static_cast<size_t>(order[i])]) {
      if (--callers[static_cast<size_t>(call.callee)] == 0) order.push_back(call.callee);
    }
  }
  std::vector<int> depth(count, 0);      // calls below s on its longest chain
  std::vector<int32_t> next(count, -1);  // the callee that chain goes through
  for (size_t i = order.size(); i-- > 0;) {
    const size_t s = static_cast<size_t>(order[i]);
    for (const Call& call : calls[s]) {
      if (depth[static_cast<size_t>(call.callee)] + 1 > depth[s]) {
        depth[s] = depth[static_cast<size_t>(call.callee)] + 1;
        next[s] = call.callee;
      }
    }
  }
  std::vector<int32_t> chain;
  if (count == 0) return chain;
  int32_t s = 0;
  for (size_t t = 0; t < count; ++t) {
    if (depth[t] > depth[static_cast<size_t>(s)]) s = static_cast<int32_t>(t);
  }
  for (; s >= 0; s = next[static_cast<size_t>(s)]) chain.push_back(s);
  return chain;
}

}  // namespace

std::vector<int32_t> CalledSubgraphs(int32_t builtin_code, const tflite::Operator& op) {
  switch (builtin_code) {
    case kIf: {
      const auto* o = op.builtin_options_as_IfOptions();
      return {o ? o->then_subgraph_index() : 0, o ? o->else_subgraph_index() : 0};
    }
    case kWhile: {
      const auto* o = op.builtin_options_as_WhileOptions();
      return {o ? o->cond_subgraph_index() : 0, o ? o->body_subgraph_index() : 0};
    }
    case kCallOnce: {
      const auto* o = op.builtin_options_as_CallOnceOptions();
      return {o ? o->init_subgraph_index() : 0};
    }
    default:
      return {};
  }
}

Status ValidateSubgraphCalls(const ModelData& model, int max_depth, std::vector<bool>* called) {
  const auto& subgraphs = *model.root->subgraphs();
  const int32_t count = static_cast<int32_t>(subgraphs.size());
  called->assign(static_cast<size_t>(count), false);
  CallTable calls(static_cast<size_t>(count));
  for (int32_t s = 0; s < count; ++s) {
    const auto* operators = subgraphs.Get(static_cast<flatbuffers::uoffset_t>(s))->operators();
    if (operators == nullptr) continue;
    for (uint32_t n = 0; n < operators->size(); ++n) {
      const tflite::Operator& op = *operators->Get(n);
      const int32_t code = OperatorCodeOf(*model.root->operator_codes()->Get(op.opcode_index()));
      for (int32_t callee : CalledSubgraphs(code, op)) {
        const std::string where = "subgraph " + std::to_string(s) + " node " +
                                  std::to_string(n) + " (" + BuiltinOperatorName(code) + ")";
        if (callee < 0 || callee >= count) {
          return InvalidModelError(where + " calls subgraph " + std::to_string(callee) +
                                   ", out of range (" + std::to_string(count) + " subgraphs)");
        }
        if (callee == 0) {
          return InvalidModelError(where + " calls subgraph 0, the main subgraph");
        }
        calls[static_cast<size_t>(s)].push_back({static_cast<int>(n), callee});
        (*called)[static_cast<size_t>(callee)] = true;
      }
    }
  }
  std::vector<Visit> visit(static_cast<size_t>(count), Visit::kNew);
  for (int32_t s = 0; s < count; ++s) {
    std::vector<int32_t> path;
    if (visit[static_cast<size_t>(s)] == Visit::kNew && FindCycle(calls, s, visit, path)) {
      return InvalidModelError("subgraphs call each other in a cycle (" + CycleText(path) +
                               "); control flow cannot recurse");
    }
  }
  const std::vector<int32_t> chain = LongestCallChain(calls);
  const int depth = static_cast<int>(chain.size()) - 1;
  if (depth > max_depth) {
    std::string text;  // the first subgraphs of the chain and its last
    for (size_t i = 0; i < chain.size(); ++i) {
      if (i == 8 && chain.size() > 9) {
        text += " -> ... -> " + std::to_string(chain.back());
        break;
      }
      text += (i == 0 ? "" : " -> ") + std::to_string(chain[i]);
    }
    return ResourceExhaustedError("control flow nests subgraphs " + std::to_string(depth) +
                                  " deep (" + text + "), more than the limit of " +
                                  std::to_string(max_depth) +
                                  " (InterpreterOptions::max_subgraph_depth)");
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
