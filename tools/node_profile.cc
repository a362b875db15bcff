#include "tools/node_profile.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>

#include "tools/tensor_format.h"

namespace brasa {
namespace tools {

NodeTimer::NodeTimer() {
  profiler_.node_begin = &NodeTimer::Begin;
  profiler_.node_end = &NodeTimer::End;
  profiler_.user_data = this;
}

void NodeTimer::Reset(int num_nodes) {
  total_ms_.assign(static_cast<size_t>(std::max(num_nodes, 0)), 0.0);
  invokes_ = 0;
}

void NodeTimer::Begin(void* self, int /*position*/) {
  static_cast<NodeTimer*>(self)->start_ = std::chrono::steady_clock::now();
}

void NodeTimer::End(void* self, int position) {
  NodeTimer& timer = *static_cast<NodeTimer*>(self);
  const auto elapsed = std::chrono::steady_clock::now() - timer.start_;
  // Invokes before Reset (first invoke, warm-up) find no slot and are ignored.
  if (position >= 0 && static_cast<size_t>(position) < timer.total_ms_.size()) {
    timer.total_ms_[static_cast<size_t>(position)] +=
        std::chrono::duration<double, std::milli>(elapsed).count();
  }
}

NodeProfile BuildNodeProfile(const Interpreter& interpreter, const NodeTimer& timer) {
  NodeProfile profile;
  profile.invokes = timer.invokes();
  const double divisor = std::max(timer.invokes(), 1);
  std::map<std::string, OpProfileRow> by_op;
  for (int position = 0; position < interpreter.num_nodes(); ++position) {
    if (static_cast<size_t>(position) >= timer.total_ms().size()) break;
    const NodeInfo info = interpreter.node(position);
    NodeProfileRow row;
    row.node = info.index;
    row.op = info.op_name;
    const Tensor* output = info.outputs.empty() ? nullptr : interpreter.tensor(info.outputs[0]);
    row.output_shape = output != nullptr ? ShapeToString(output->shape) : "[]";
    row.ms = timer.total_ms()[static_cast<size_t>(position)] / divisor;
    profile.total_ms += row.ms;
    OpProfileRow& op = by_op[row.op];
    op.op = row.op;
    op.nodes += 1;
    op.ms += row.ms;
    profile.nodes.push_back(row);
  }
  const double total = profile.total_ms > 0 ? profile.total_ms : 1.0;
  for (NodeProfileRow& row : profile.nodes) row.share = 100.0 * row.ms / total;
  for (auto& entry : by_op) {
    entry.second.share = 100.0 * entry.second.ms / total;
    profile.ops.push_back(entry.second);
  }
  // Slowest first; ties keep execution (or name) order.
  std::stable_sort(profile.nodes.begin(), profile.nodes.end(),
                   [](const NodeProfileRow& a, const NodeProfileRow& b) { return a.ms > b.ms; });
  std::stable_sort(profile.ops.begin(), profile.ops.end(),
                   [](const OpProfileRow& a, const OpProfileRow& b) { return a.ms > b.ms; });
  return profile;
}

namespace {

std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));

std::string Format(const char* format, ...) {
  va_list args, copy;
  va_start(args, format);
  va_copy(copy, args);
  const int length = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string text(static_cast<size_t>(std::max(length, 0)) + 1, '\0');
  std::vsnprintf(&text[0], text.size(), format, args);
  va_end(args);
  text.pop_back();
  return text;
}

}  // namespace

std::string FormatNodeProfileText(const NodeProfile& profile) {
  std::string text = Format("profile: mean of %d invokes, %.3f ms in nodes\n", profile.invokes,
                            profile.total_ms);
  text += Format("%6s  %-24s %-20s %10s %7s\n", "node", "op", "output shape", "ms", "share");
  for (const NodeProfileRow& row : profile.nodes) {
    text += Format("%6d  %-24s %-20s %10.4f %6.2f%%\n", row.node, row.op.c_str(),
                   row.output_shape.c_str(), row.ms, row.share);
  }
  text += Format("by op type:\n%-24s %6s %10s %7s\n", "op", "nodes", "ms", "share");
  for (const OpProfileRow& row : profile.ops) {
    text += Format("%-24s %6d %10.4f %6.2f%%\n", row.op.c_str(), row.nodes, row.ms, row.share);
  }
  return text;
}

std::string FormatNodeProfileJson(const NodeProfile& profile) {
  std::string json = Format("{\"invokes\": %d, \"total_ms\": %.6f, \"nodes\": [", profile.invokes,
                            profile.total_ms);
  for (size_t i = 0; i < profile.nodes.size(); ++i) {
    const NodeProfileRow& row = profile.nodes[i];
    json += (i > 0 ? ", " : "") +
            Format("{\"node\": %d, \"op\": %s, \"output_shape\": %s, \"ms\": %.6f, "
                   "\"share\": %.4f}",
                   row.node, JsonString(row.op).c_str(), row.output_shape.c_str(), row.ms,
                   row.share);
  }
  json += "], \"ops\": [";
  for (size_t i = 0; i < profile.ops.size(); ++i) {
    const OpProfileRow& row = profile.ops[i];
    json += (i > 0 ? ", " : "") +
            Format("{\"op\": %s, \"nodes\": %d, \"ms\": %.6f, \"share\": %.4f}",
                   JsonString(row.op).c_str(), row.nodes, row.ms, row.share);
  }
  return json + "]}";
}

}  // namespace tools
}  // namespace brasa
