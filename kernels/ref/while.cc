// WHILE: the node's inputs are the initial loop variables; while the cond
// subgraph returns true on them, the body subgraph maps them to new values.
// The node's outputs hold the loop variables (they start as copies of the
// inputs), so the last values are the outputs without a final copy.
//
// brasa fixes every shape in Prepare, so the body must give each loop
// variable back with the shape it received (loop-invariant shapes; a body
// that grows a tensor is rejected as unsupported). The number of iterations
// is capped by InterpreterOptions::max_while_iterations.
#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/subgraph_io.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

Status CheckArity(KernelContext& context, int subgraph, const char* role, int outputs) {
  const int n = context.num_inputs();
  if (context.subgraph_num_inputs(subgraph) != n ||
      context.subgraph_num_outputs(subgraph) != outputs) {
    return context.Error("%s subgraph %d has %d inputs and %d outputs; expected %d and %d", role,
                         subgraph, context.subgraph_num_inputs(subgraph),
                         context.subgraph_num_outputs(subgraph), n, outputs);
  }
  return Status::Ok();
}

// Gives the loop variables' types and shapes to `subgraph`'s inputs.
Status PassLoopVariables(KernelContext& context, int subgraph, const char* what) {
  for (int i = 0; i < context.num_inputs(); ++i) {
    BRASA_RETURN_IF_ERROR(
        PassTensor(context, what, i, *context.input(i), context.subgraph_input(subgraph, i)));
  }
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  const WhileParams& params = context.params<WhileParams>();
  const int n = context.num_inputs();
  if (context.num_outputs() != n) {
    return context.Error("has %d inputs but %d outputs; loop variables come in pairs", n,
                         context.num_outputs());
  }
  for (int i = 0; i < n; ++i) {
    if (context.input(i) == nullptr) return context.Error("input %d is missing", i);
  }
  BRASA_RETURN_IF_ERROR(CheckArity(context, params.cond_subgraph, "cond", 1));
  BRASA_RETURN_IF_ERROR(CheckArity(context, params.body_subgraph, "body", n));
  BRASA_RETURN_IF_ERROR(PassLoopVariables(context, params.cond_subgraph, "cond input"));
  BRASA_RETURN_IF_ERROR(context.PrepareSubgraph(params.cond_subgraph));
  BRASA_RETURN_IF_ERROR(CheckCondition(context, "the cond subgraph's output",
                                       context.subgraph_output(params.cond_subgraph, 0)));
  BRASA_RETURN_IF_ERROR(PassLoopVariables(context, params.body_subgraph, "body input"));
  BRASA_RETURN_IF_ERROR(context.PrepareSubgraph(params.body_subgraph));
  for (int i = 0; i < n; ++i) {
    const Tensor& in = *context.input(i);
    const Tensor& out = *context.subgraph_output(params.body_subgraph, i);
    if (out.type != in.type || out.shape != in.shape) {
      return context.ErrorWithCode(
          StatusCode::kUnsupported,
          "loop variable %d enters the body as %s%s and leaves it as %s%s; brasa supports "
          "loops whose shapes do not change", i, DataTypeName(in.type),
          ShapeToString(in.shape).c_str(), DataTypeName(out.type),
          ShapeToString(out.shape).c_str());
    }
    BRASA_RETURN_IF_ERROR(PassTensor(context, "output", i, in, context.output(i)));
  }
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const WhileParams& params = context.params<WhileParams>();
  const int n = context.num_inputs();
  for (int i = 0; i < n; ++i) CopyTensorData(*context.input(i), context.output(i));
  const int64_t limit = context.max_while_iterations();
  for (int64_t iteration = 0;; ++iteration) {
    for (int i = 0; i < n; ++i) {
      CopyTensorData(*context.output(i), context.subgraph_input(params.cond_subgraph, i));
    }
    BRASA_RETURN_IF_ERROR(context.InvokeSubgraph(params.cond_subgraph));
    if (!ConditionIsTrue(*context.subgraph_output(params.cond_subgraph, 0))) break;
    if (limit > 0 && iteration >= limit) {
      return context.ErrorWithCode(StatusCode::kResourceExhausted,
                                   "stopped after %lld iterations, the limit set by "
                                   "InterpreterOptions::max_while_iterations",
                                   static_cast<long long>(limit));
    }
    for (int i = 0; i < n; ++i) {
      CopyTensorData(*context.output(i), context.subgraph_input(params.body_subgraph, i));
    }
    BRASA_RETURN_IF_ERROR(context.InvokeSubgraph(params.body_subgraph));
    for (int i = 0; i < n; ++i) {
      CopyTensorData(*context.subgraph_output(params.body_subgraph, i), context.output(i));
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_WHILE() {
  static const OpKernel kernel = {"WHILE", Prepare, Eval, internal::ParseWhileOptions};
  return &kernel;
}

}  // namespace brasa
