#include "src/runtime/fold_pad.h"

#include <cstdint>
#include <new>
#include <vector>

#include "kernels/params.h"
#include "kernels/registry.h"

namespace brasa {

// Weak references: folding must not link the convolution and PAD kernels
// into an application that registers none of them (a microcontroller pays for
// every kernel in flash). A kernel the link left out has a null address, and
// then no node can be running it.
const OpKernel* Register_CONV_2D() __attribute__((weak));
const OpKernel* Register_CONV_2D_OPT() __attribute__((weak));
const OpKernel* Register_CONV_2D_INT8() __attribute__((weak));
const OpKernel* Register_DEPTHWISE_CONV_2D() __attribute__((weak));
const OpKernel* Register_DEPTHWISE_CONV_2D_INT8() __attribute__((weak));
const OpKernel* Register_DEPTHWISE_CONV_2D_OPT() __attribute__((weak));
const OpKernel* Register_PAD() __attribute__((weak));

namespace internal {
namespace {

bool RunsKernel(const Node& node, const OpKernel* (*registration)()) {
  return registration != nullptr && node.kernel == registration();
}

constexpr int32_t kBuiltinPad = 34;
// Larger pads are legal but no converter writes them; they stay PAD nodes.
constexpr int64_t kMaxFoldedPad = 1 << 16;

bool IsDepthwise(const Node& node) {
  return RunsKernel(node, Register_DEPTHWISE_CONV_2D) ||
         RunsKernel(node, Register_DEPTHWISE_CONV_2D_OPT) ||
         RunsKernel(node, Register_DEPTHWISE_CONV_2D_INT8);
}

bool IsConvolution(const Node& node) {
  return RunsKernel(node, Register_CONV_2D) || RunsKernel(node, Register_CONV_2D_OPT) ||
         RunsKernel(node, Register_CONV_2D_INT8) || IsDepthwise(node);
}

bool SameActivationQuantization(const Tensor& a, const Tensor& b) {
  return a.quantization.scales.size() == 1 && b.quantization.scales.size() == 1 &&
         a.quantization.scale() == b.quantization.scale() &&
         a.quantization.zero_point() == b.quantization.zero_point();
}

template <typename P>
bool ReadSpatialPadding(const Tensor& paddings, ExplicitPadding* padding) {
  const P* v = paddings.data_as<P>();
  for (int i = 0; i < 8; ++i) {
    if (v[i] < 0 || v[i] > kMaxFoldedPad) return false;
  }
  if (v[0] != 0 || v[1] != 0 || v[6] != 0 || v[7] != 0) return false;  // batch, channels
  *padding = {static_cast<int32_t>(v[2]), static_cast<int32_t>(v[3]), static_cast<int32_t>(v[4]),
              static_cast<int32_t>(v[5])};
  return true;
}

// The PAD node's spatial padding, if it is one the convolutions can absorb.
bool FoldablePad(const Graph& graph, const Node& node, ExplicitPadding* padding) {
  if (!RunsKernel(node, Register_PAD) || node.builtin_code != kBuiltinPad ||
      node.inputs.size() != 2 || node.outputs.size() != 1 || node.inputs[0] < 0 ||
      node.inputs[1] < 0) {
    return false;
  }
  const Tensor& input = graph.tensors[static_cast<size_t>(node.inputs[0])];
  const Tensor& paddings = graph.tensors[static_cast<size_t>(node.inputs[1])];
  const Tensor& output = graph.tensors[static_cast<size_t>(node.outputs[0])];
  if ((input.type != DataType::kInt8 && input.type != DataType::kUInt8) ||
      output.type != input.type || input.rank() != 4 || input.is_variable ||
      output.is_variable || output.allocation == Allocation::kConstant ||
      !SameActivationQuantization(input, output)) {
    return false;
  }
  if (paddings.allocation != Allocation::kConstant || paddings.data == nullptr ||
      paddings.shape != Shape{4, 2}) {
    return false;
  }
  if (paddings.type == DataType::kInt32) return ReadSpatialPadding<int32_t>(paddings, padding);
  if (paddings.type == DataType::kInt64) return ReadSpatialPadding<int64_t>(paddings, padding);
  return false;
}

// The one node reading `tensor`, as its input 0 and nowhere else; -1 if
// there is none, several, or the tensor is a graph output.
int SoleInputZeroReader(const Graph& graph, int tensor) {
  for (int output : graph.outputs) {
    if (output == tensor) return -1;
  }
  int reader = -1;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      if (node.inputs[i] != tensor) continue;
      if (i != 0 || reader >= 0) return -1;
      reader = static_cast<int>(n);
    }
    for (int t : node.intermediates) {
      if (t == tensor) return -1;
    }
  }
  return reader;
}

// A copy of the convolution's params with explicit padding; false if out of
// memory.
template <typename Params>
bool SetExplicitPadding(Node* node, const ExplicitPadding& padding,
                        PersistentAllocator* params_memory) {
  void* memory = params_memory->Allocate(sizeof(Params));
  if (memory == nullptr) return false;
  Params* params = new (memory) Params(*static_cast<const Params*>(node->params));
  params->padding = Padding::kExplicit;
  params->explicit_padding = padding;
  node->params = params;
  return true;
}

template <typename Params>
bool HasValidPadding(const Node& node) {
  return node.params != nullptr &&
         static_cast<const Params*>(node.params)->padding == Padding::kValid;
}

}  // namespace

void LinkPadFolding() {}

Status FoldPadsIntoConvolutions(Graph* graph, PersistentAllocator* params_memory) {
  std::vector<bool> folded(graph->nodes.size(), false);
  bool any = false;
  for (size_t n = 0; n < graph->nodes.size(); ++n) {
    const Node& pad = graph->nodes[n];
    ExplicitPadding padding;
    if (!FoldablePad(*graph, pad, &padding)) continue;
    const int reader = SoleInputZeroReader(*graph, pad.outputs[0]);
    if (reader < 0) continue;
    Node& conv = graph->nodes[static_cast<size_t>(reader)];
    if (!IsConvolution(conv)) continue;
    const bool depthwise = IsDepthwise(conv);
    if (depthwise ? !HasValidPadding<DepthwiseConvParams>(conv)
                  : !HasValidPadding<ConvParams>(conv)) {
      continue;
    }
    const bool ok = depthwise
                        ? SetExplicitPadding<DepthwiseConvParams>(&conv, padding, params_memory)
                        : SetExplicitPadding<ConvParams>(&conv, padding, params_memory);
    if (!ok) return ResourceExhaustedError("out of memory folding PAD nodes");
    conv.inputs.Set(0, pad.inputs[0]);
    folded[n] = true;
    any = true;
  }
  if (!any) return Status::Ok();
  std::vector<Node> kept;
  kept.reserve(graph->nodes.size());
  for (size_t n = 0; n < graph->nodes.size(); ++n) {
    if (!folded[n]) kept.push_back(std::move(graph->nodes[n]));
  }
  graph->nodes = std::move(kept);
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
