/* TensorFlow Lite's C API types header name, served by brasa: the types live
 * in brasa/c_api.h. */
#ifndef TENSORFLOW_LITE_C_C_API_TYPES_H_
#define TENSORFLOW_LITE_C_C_API_TYPES_H_

#include "brasa/c_api.h"

#endif  /* TENSORFLOW_LITE_C_C_API_TYPES_H_ */
