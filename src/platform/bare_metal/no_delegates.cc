// Delegates without an OS to host one: a microcontroller has no accelerator
// runtime to hand partitions to, so the bare-metal build leaves the
// partitioner out (about 4 KB of flash) and refuses delegates clearly.
// Built instead of src/delegate/partition.cc when BRASA_BARE_METAL is on.
#include "src/delegate/partition.h"

namespace brasa {
namespace internal {

Status ApplyDelegates(Graph*, const std::vector<const Delegate*>& delegates) {
  if (delegates.empty()) return Status::Ok();
  return UnsupportedError("this bare-metal build has no delegate support; "
                          "InterpreterOptions::delegates must be empty");
}

}  // namespace internal
}  // namespace brasa
