// x8_avgpool, the shared loops compiled for avx512.
#include "kernels/opt/ukernels/common/x8_avgpool_loops.h"
#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"

namespace brasa {

BRASA_DEFINE_X8_AVGPOOL_VARIANT(avx512)

}  // namespace brasa
