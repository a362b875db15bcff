// IF: runs the then- or else-subgraph on inputs 1..n, as input 0 (a bool of
// one element) says, and copies that subgraph's outputs to the node's.
// Both branches are prepared (and planned) up front; their outputs must have
// the same types and shapes, since brasa fixes output shapes in Prepare.
#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/subgraph_io.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kCondition = 0;

Status PrepareBranch(KernelContext& context, int branch) {
  const int num_args = context.num_inputs() - 1;
  if (context.subgraph_num_inputs(branch) != num_args ||
      context.subgraph_num_outputs(branch) != context.num_outputs()) {
    return context.Error("subgraph %d has %d inputs and %d outputs; the node passes %d and "
                         "expects %d", branch, context.subgraph_num_inputs(branch),
                         context.subgraph_num_outputs(branch), num_args, context.num_outputs());
  }
  for (int i = 0; i < num_args; ++i) {
    const Tensor* arg = context.input(i + 1);
    if (arg == nullptr) return context.Error("input %d is missing", i + 1);
    BRASA_RETURN_IF_ERROR(PassTensor(context, "branch input", i, *arg,
                                     context.subgraph_input(branch, i)));
  }
  return context.PrepareSubgraph(branch);
}

Status Prepare(KernelContext& context) {
  const IfParams& params = context.params<IfParams>();
  if (context.num_inputs() < 1) return context.Error("expects a condition input");
  BRASA_RETURN_IF_ERROR(CheckCondition(context, "condition (input 0)", context.input(kCondition)));
  BRASA_RETURN_IF_ERROR(PrepareBranch(context, params.then_subgraph));
  BRASA_RETURN_IF_ERROR(PrepareBranch(context, params.else_subgraph));
  for (int i = 0; i < context.num_outputs(); ++i) {
    const Tensor& then_out = *context.subgraph_output(params.then_subgraph, i);
    const Tensor& else_out = *context.subgraph_output(params.else_subgraph, i);
    if (then_out.type != else_out.type || then_out.shape != else_out.shape) {
      return context.ErrorWithCode(
          StatusCode::kUnsupported,
          "output %d is %s%s in subgraph %d but %s%s in subgraph %d; brasa needs both "
          "branches to give the same type and shape", i, DataTypeName(then_out.type),
          ShapeToString(then_out.shape).c_str(), params.then_subgraph,
          DataTypeName(else_out.type), ShapeToString(else_out.shape).c_str(),
          params.else_subgraph);
    }
    BRASA_RETURN_IF_ERROR(PassTensor(context, "output", i, then_out, context.output(i)));
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const IfParams& params = context.params<IfParams>();
  const int branch = ConditionIsTrue(*context.input(kCondition)) ? params.then_subgraph
                                                                   : params.else_subgraph;
  for (int i = 0; i + 1 < context.num_inputs(); ++i) {
    CopyTensorData(*context.input(i + 1), context.subgraph_input(branch, i));
  }
  BRASA_RETURN_IF_ERROR(context.InvokeSubgraph(branch));
  for (int i = 0; i < context.num_outputs(); ++i) {
    CopyTensorData(*context.subgraph_output(branch, i), context.output(i));
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_IF() {
  static const OpKernel kernel = {"IF", Prepare, Eval, internal::ParseIfOptions};
  return &kernel;
}

}  // namespace brasa
