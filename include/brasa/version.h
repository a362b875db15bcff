// brasa's version. brasa follows semantic versioning: a change of MAJOR
// breaks the public API (include/brasa, include/tensorflow/lite/c), MINOR
// adds to it, PATCH fixes without changing it. CMakeLists.txt reads the
// numbers from this file.
#ifndef BRASA_VERSION_H_
#define BRASA_VERSION_H_

#include "brasa/export.h"

#define BRASA_VERSION_MAJOR 0
#define BRASA_VERSION_MINOR 2
#define BRASA_VERSION_PATCH 0
#define BRASA_VERSION_STRING "0.2.0"

namespace brasa {

// "0.2.0": the version of the library linked in (it may differ from the
// BRASA_VERSION_* macros of the headers an app was compiled with).
BRASA_API const char* Version();

}  // namespace brasa

#endif  // BRASA_VERSION_H_
