#include "src/delegate/partition.h"

#include <algorithm>
#include <set>
#include <string>

namespace brasa {
namespace internal {
namespace {

// Tensors crossing the boundary of the group of node positions `members`.
DelegatePartition DescribePartition(const Graph& graph, const std::vector<int>& members) {
  DelegatePartition partition;
  std::set<int> produced;
  std::set<int> member_set(members.begin(), members.end());
  for (int position : members) {
    const Node& node = graph.nodes[static_cast<size_t>(position)];
    partition.nodes.push_back(node.index);
    for (int t : node.inputs) {
      if (t < 0 || produced.count(t)) continue;
      if (std::find(partition.inputs.begin(), partition.inputs.end(), t) == partition.inputs.end()) {
        partition.inputs.push_back(t);
      }
    }
    produced.insert(node.outputs.begin(), node.outputs.end());
  }
  // An output escapes if a node outside the group or the graph reads it.
  std::set<int> read_outside(graph.outputs.begin(), graph.outputs.end());
  for (size_t p = 0; p < graph.nodes.size(); ++p) {
    if (member_set.count(static_cast<int>(p))) continue;
    for (int t : graph.nodes[p].inputs) read_outside.insert(t);
  }
  for (int position : members) {
    for (int t : graph.nodes[static_cast<size_t>(position)].outputs) {
      if (read_outside.count(t)) {
        partition.outputs.push_back(t);
      } else {
        partition.internal_tensors.push_back(t);
      }
    }
  }
  return partition;
}

}  // namespace

std::vector<std::vector<int>> GroupNodes(const Graph& graph, const std::vector<bool>& supported) {
  const size_t count = graph.nodes.size();
  std::vector<int> producer(graph.tensors.size(), -1);
  for (size_t p = 0; p < count; ++p) {
    for (int t : graph.nodes[p].outputs) producer[static_cast<size_t>(t)] = static_cast<int>(p);
  }
  std::vector<bool> done(count, false);
  std::vector<std::vector<int>> groups;
  size_t remaining = count;
  bool kind = count > 0 ? supported[0] : false;
  while (remaining > 0) {
    std::vector<int> group;
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t p = 0; p < count; ++p) {
        if (done[p] || supported[p] != kind) continue;
        bool ready = true;
        for (int t : graph.nodes[p].inputs) {
          if (t >= 0 && producer[static_cast<size_t>(t)] >= 0 &&
              !done[static_cast<size_t>(producer[static_cast<size_t>(t)])]) {
            ready = false;
            break;
          }
        }
        if (!ready) continue;
        done[p] = true;
        --remaining;
        group.push_back(static_cast<int>(p));
        progress = true;
      }
    }
    if (!group.empty()) groups.push_back(std::move(group));
    kind = !kind;
  }
  return groups;
}

Status ApplyDelegates(Graph* graph, const std::vector<const Delegate*>& delegates) {
  for (const Delegate* delegate : delegates) {
    if (delegate == nullptr || delegate->supports_node == nullptr || delegate->compile == nullptr) {
      return InvalidArgumentError("delegate is missing supports_node or compile");
    }
    std::vector<bool> supported(graph->nodes.size(), false);
    bool any = false;
    for (size_t p = 0; p < graph->nodes.size(); ++p) {
      Node& node = graph->nodes[p];
      if (node.delegate != nullptr) continue;  // already claimed
      KernelContext context(graph, &node, /*preparing=*/false);
      supported[p] = delegate->supports_node(delegate->user_data, context);
      any = any || supported[p];
    }
    if (!any) continue;

    std::vector<Node> reordered;
    for (const std::vector<int>& group : GroupNodes(*graph, supported)) {
      const bool is_partition = supported[static_cast<size_t>(group[0])];
      const OpKernel* kernel = nullptr;
      void* kernel_data = nullptr;
      DelegatePartition partition;
      if (is_partition) {
        partition = DescribePartition(*graph, group);
        std::vector<KernelContext> contexts;
        for (int position : group) {
          contexts.emplace_back(graph, &graph->nodes[static_cast<size_t>(position)], false);
        }
        BRASA_RETURN_IF_ERROR(delegate->compile(delegate->user_data, partition,
                                                contexts.data(), &kernel, &kernel_data));
      }
      if (kernel == nullptr) {  // CPU nodes, or a partition the delegate declined
        for (int position : group) reordered.push_back(graph->nodes[static_cast<size_t>(position)]);
        continue;
      }
      Node node;
      node.index = partition.nodes.front();
      node.op_name = delegate->name;
      node.kernel = kernel;
      node.inputs = partition.inputs;
      node.outputs = partition.outputs;
      node.delegate = delegate;
      node.delegate_data = kernel_data;
      node.delegated_nodes = partition.nodes;
      for (int t : partition.internal_tensors) {
        graph->tensors[static_cast<size_t>(t)].allocation = Allocation::kDelegate;
      }
      reordered.push_back(std::move(node));
    }
    graph->nodes = std::move(reordered);
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
