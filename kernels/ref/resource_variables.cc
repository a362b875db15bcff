// VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE: resource variables (tf.Variable
// in a converted model) whose values persist across Invoke calls.
//
// A resource handle is resolved in Prepare: VAR_HANDLE looks its variable up
// by (container, shared_name) and writes the id into persistent memory that
// READ_VARIABLE and ASSIGN_VARIABLE (in any subgraph the handle is passed to)
// read in their own Prepare. A variable's type and shape are fixed by the
// first ASSIGN_VARIABLE (or READ_VARIABLE output) prepared; the interpreter
// allocates its storage after Prepare.
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct VariableRef {
  int32_t id = -1;
};

// Prepare: the variable behind resource input `i`, stored as the op data.
Status ResolveHandle(KernelContext& context, int i, ResourceVariable** variable) {
  const Tensor* handle = context.input(i);
  if (handle == nullptr || handle->type != DataType::kResource) {
    return context.Error("input %d must be a resource handle", i);
  }
  if (handle->data == nullptr) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "resource handle (input %d) does not come from a VAR_HANDLE "
                                 "brasa can resolve at prepare", i);
  }
  VariableRef* ref = context.NewOpData<VariableRef>();
  if (ref == nullptr) return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  std::memcpy(&ref->id, handle->data, sizeof(int32_t));
  *variable = context.variable(ref->id);
  if (*variable == nullptr) return context.Error("resource handle %d is unknown", ref->id);
  return Status::Ok();
}

// Prepare: fixes the variable's type and shape to `value`'s, or checks that
// `value` agrees with what was fixed before.
Status MatchVariable(KernelContext& context, ResourceVariable* variable, const Tensor& value) {
  const int32_t id = context.op_data<VariableRef>()->id;
  if (!variable->shape_known) {
    if (value.type == DataType::kResource || DataTypeSize(value.type) == 0) {
      return context.ErrorWithCode(StatusCode::kUnsupported, "variable '%s' of type %s",
                                   context.variable_name(id), DataTypeName(value.type));
    }
    variable->value.type = value.type;
    variable->value.shape = value.shape;
    variable->shape_known = true;
    return Status::Ok();
  }
  if (variable->value.type != value.type || variable->value.shape != value.shape) {
    return context.ErrorWithCode(
        StatusCode::kUnsupported, "variable '%s' is %s%s elsewhere but %s%s here; brasa "
        "supports variables whose type and shape do not change", context.variable_name(id),
        DataTypeName(variable->value.type), ShapeToString(variable->value.shape).c_str(),
        DataTypeName(value.type), ShapeToString(value.shape).c_str());
  }
  return Status::Ok();
}

Status PrepareVarHandle(KernelContext& context) {
  const VarHandleParams& params = context.params<VarHandleParams>();
  if (context.num_inputs() != 0 || context.num_outputs() != 1) {
    return context.Error("expects no inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  Tensor* handle = context.output(0);
  if (handle->type != DataType::kResource) {
    return context.Error("output must be a resource tensor, got %s", DataTypeName(handle->type));
  }
  const int32_t id = context.FindOrAddVariable(params.container, params.shared_name);
  if (id < 0) return context.Error("resource variables need an interpreter");
  void* memory = context.AllocatePersistent(sizeof(int32_t));
  if (memory == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  std::memcpy(memory, &id, sizeof(int32_t));
  handle->data = memory;
  handle->bytes = sizeof(int32_t);
  handle->allocation = Allocation::kPersistent;
  return Status::Ok();
}

Status EvalVarHandle(KernelContext&) { return Status::Ok(); }  // resolved in Prepare

Status PrepareReadVariable(KernelContext& context) {
  if (context.num_inputs() != 1 || context.num_outputs() != 1) {
    return context.Error("expects 1 input and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  ResourceVariable* variable = nullptr;
  BRASA_RETURN_IF_ERROR(ResolveHandle(context, 0, &variable));
  // Read before any assignment is prepared: the model's output shape decides.
  BRASA_RETURN_IF_ERROR(MatchVariable(context, variable, *context.output(0)));
  return context.ResizeOutput(0, variable->value.shape);
}

Status EvalReadVariable(KernelContext& context) {
  const int32_t id = context.op_data<VariableRef>()->id;
  const ResourceVariable& variable = *context.variable(id);
  if (!variable.initialized) {
    return context.ErrorWithCode(StatusCode::kFailedPrecondition,
                                 "variable '%s' is read before it is assigned",
                                 context.variable_name(id));
  }
  std::memcpy(context.output(0)->data, variable.value.data, variable.value.bytes);
  return Status::Ok();
}

Status PrepareAssignVariable(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 0) {
    return context.Error("expects 2 inputs and no outputs, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  if (context.input(1) == nullptr) return context.Error("input 1 (the value) is missing");
  ResourceVariable* variable = nullptr;
  BRASA_RETURN_IF_ERROR(ResolveHandle(context, 0, &variable));
  return MatchVariable(context, variable, *context.input(1));
}

Status EvalAssignVariable(KernelContext& context) {
  ResourceVariable& variable = *context.variable(context.op_data<VariableRef>()->id);
  std::memcpy(variable.value.data, context.input(1)->data, variable.value.bytes);
  variable.initialized = true;
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_VAR_HANDLE() {
  static const OpKernel kernel = {"VAR_HANDLE", PrepareVarHandle, EvalVarHandle,
                                  internal::ParseVarHandleOptions};
  return &kernel;
}

const OpKernel* Register_READ_VARIABLE() {
  static const OpKernel kernel = {"READ_VARIABLE", PrepareReadVariable, EvalReadVariable};
  return &kernel;
}

const OpKernel* Register_ASSIGN_VARIABLE() {
  static const OpKernel kernel = {"ASSIGN_VARIABLE", PrepareAssignVariable, EvalAssignVariable};
  return &kernel;
}

}  // namespace brasa
