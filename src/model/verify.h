// Verification of an untrusted model file: structure, then meaning.
#ifndef BRASA_MODEL_VERIFY_H_
#define BRASA_MODEL_VERIFY_H_

#include "brasa/status.h"
#include "src/model/model_data.h"

namespace brasa {
namespace internal {

// Runs the flatbuffers Verifier over the bytes and sets model->root.
Status VerifyStructure(ModelData* model);

// Checks what the Verifier cannot: every index in range, shapes sane, byte
// sizes overflow-free, constant buffers large enough, quantization valid.
Status VerifySemantics(const ModelData& model);

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_MODEL_VERIFY_H_
