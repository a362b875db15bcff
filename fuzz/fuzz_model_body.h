// The property every model fuzz target checks: whatever the bytes, loading,
// creating an interpreter with every builtin, AllocateTensors (under a small
// arena cap) and Invoke either succeed or return an error; they never crash,
// read out of bounds, hang or allocate without bound.
#ifndef BRASA_FUZZ_FUZZ_MODEL_BODY_H_
#define BRASA_FUZZ_FUZZ_MODEL_BODY_H_

#include <cstddef>
#include <cstdint>

namespace brasa {
namespace fuzz {

void RunModelBytes(const uint8_t* data, size_t size);

}  // namespace fuzz
}  // namespace brasa

#endif  // BRASA_FUZZ_FUZZ_MODEL_BODY_H_
