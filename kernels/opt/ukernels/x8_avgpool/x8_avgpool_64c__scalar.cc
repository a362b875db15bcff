// x8_avgpool, the shared loops compiled for scalar (the library's baseline).
#include "kernels/opt/ukernels/common/x8_avgpool_loops.h"
#include "kernels/opt/ukernels/x8_avgpool/x8_avgpool.h"

namespace brasa {

void x8_avgpool_s8_64c__scalar(const X8AvgpoolWindow& window, const X8AvgpoolParams& params,
                               void* out) {
  AveragePoolPixel<int8_t>(window, params, static_cast<int8_t*>(out));
}

void x8_avgpool_u8_64c__scalar(const X8AvgpoolWindow& window, const X8AvgpoolParams& params,
                               void* out) {
  AveragePoolPixel<uint8_t>(window, params, static_cast<uint8_t*>(out));
}

}  // namespace brasa
