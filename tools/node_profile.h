// `brasa bench --profile`: time per node through the interpreter's profiler
// hook, and the report by node and by op type.
#ifndef BRASA_TOOLS_NODE_PROFILE_H_
#define BRASA_TOOLS_NODE_PROFILE_H_

#include <chrono>
#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace tools {

// Accumulates the wall time of every node over the invokes since Reset().
// Pass profiler() in InterpreterOptions, then call Reset() with the
// interpreter's node count before the invokes to measure.
class NodeTimer {
 public:
  NodeTimer();
  const NodeProfiler* profiler() const { return &profiler_; }
  void Reset(int num_nodes);
  // Call after each measured invoke.
  void CountInvoke() { ++invokes_; }
  int invokes() const { return invokes_; }
  // Total milliseconds per node position.
  const std::vector<double>& total_ms() const { return total_ms_; }

 private:
  static void Begin(void* self, int position);
  static void End(void* self, int position);

  NodeProfiler profiler_;
  std::chrono::steady_clock::time_point start_;
  std::vector<double> total_ms_;
  int invokes_ = 0;
};

struct NodeProfileRow {
  int node = 0;  // model operator index
  std::string op;
  std::string output_shape;  // "[1,112,112,32]"
  double ms = 0;             // mean per invoke
  double share = 0;          // percent of the sum over nodes
};

struct OpProfileRow {
  std::string op;
  int nodes = 0;
  double ms = 0;
  double share = 0;
};

struct NodeProfile {
  int invokes = 0;
  double total_ms = 0;  // sum of the node means
  std::vector<NodeProfileRow> nodes;  // slowest first
  std::vector<OpProfileRow> ops;      // slowest first
};

NodeProfile BuildNodeProfile(const Interpreter& interpreter, const NodeTimer& timer);
// Two aligned tables: per node, then per op type.
std::string FormatNodeProfileText(const NodeProfile& profile);
// {"invokes": N, "total_ms": x, "nodes": [...], "ops": [...]}
std::string FormatNodeProfileJson(const NodeProfile& profile);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_NODE_PROFILE_H_
