/* TensorFlow Lite's C API header name, served by brasa (see brasa/c_api.h
 * for what is implemented). */
#ifndef TENSORFLOW_LITE_C_C_API_H_
#define TENSORFLOW_LITE_C_C_API_H_

#include "brasa/c_api.h"

#endif  /* TENSORFLOW_LITE_C_C_API_H_ */
