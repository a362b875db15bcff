// A graph rewrite run once at Interpreter creation (optimized kernels only):
// TensorFlow's converter writes an explicit PAD before many stride-2
// convolutions (MobileNetV2); copying the whole activation just to frame it
// with zero-point bytes costs as much as a small convolution. The
// convolution's kernels already treat out-of-image taps as the input zero
// point, so the PAD can be folded into them.
#ifndef BRASA_RUNTIME_FOLD_PAD_H_
#define BRASA_RUNTIME_FOLD_PAD_H_

#include "brasa/status.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace internal {

// Removes every PAD node that (1) pads an int8 or uint8 NHWC tensor along H
// and W only, by constant amounts, with the zero point, input and output
// quantized alike, and (2) whose output is read by exactly one node, as the
// input of a brasa CONV_2D or DEPTHWISE_CONV_2D with VALID padding (and is no
// graph output). That node then reads the PAD's input with explicit padding
// (Padding::kExplicit; its params are copied into `params_memory`): the same
// bytes, bit for bit, since a padding tap (zp - zp) adds nothing. The PAD's
// output is left unwritten and unread, so the planner gives it no memory.
// Only nodes that run brasa's PAD kernel fold, so the interpreter calls this
// through a weak reference: Register_PAD() (kernels/ref/pad.cc) calls
// LinkPadFolding, which links this file; without PAD it is not linked.
Status FoldPadsIntoConvolutions(Graph* graph, PersistentAllocator* params_memory);
void LinkPadFolding();

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_RUNTIME_FOLD_PAD_H_
