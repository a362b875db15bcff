// CALL_ONCE: runs its init subgraph (which typically assigns the initial
// values of resource variables) at the first Invoke, and again only after
// the variables are reset (AllocateTensors, Interpreter::ResetVariables).
#include "brasa/kernel.h"
#include "kernels/params.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct CallOnceData {
  bool done = false;
  uint32_t epoch = 0;  // the variables' epoch the init subgraph ran in
};

Status Prepare(KernelContext& context) {
  const CallOnceParams& params = context.params<CallOnceParams>();
  if (context.num_inputs() != 0 || context.num_outputs() != 0) {
    return context.Error("expects no inputs and no outputs, got %d and %d",
                         context.num_inputs(), context.num_outputs());
  }
  const int init = params.init_subgraph;
  if (context.subgraph_num_inputs(init) != 0 || context.subgraph_num_outputs(init) != 0) {
    return context.Error("init subgraph %d must have no inputs and no outputs, has %d and %d",
                         init, context.subgraph_num_inputs(init),
                         context.subgraph_num_outputs(init));
  }
  if (context.NewOpData<CallOnceData>() == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  return context.PrepareSubgraph(init);
}

Status Eval(KernelContext& context) {
  CallOnceData* data = context.op_data<CallOnceData>();
  if (data->done && data->epoch == context.variables_epoch()) return Status::Ok();
  BRASA_RETURN_IF_ERROR(context.InvokeSubgraph(context.params<CallOnceParams>().init_subgraph));
  data->done = true;
  data->epoch = context.variables_epoch();
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_CALL_ONCE() {
  static const OpKernel kernel = {"CALL_ONCE", Prepare, Eval, internal::ParseCallOnceOptions};
  return &kernel;
}

}  // namespace brasa
