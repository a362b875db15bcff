// Whether this build keeps error messages (false with BRASA_STRIP_ERROR_STRINGS,
// brasa/status.h). The Status factories drop their message argument by
// themselves; code that builds text outside those arguments (a list of several
// errors, a label reused by many messages) tests kErrorText, so that a
// stripped build compiles the text out.
#ifndef BRASA_SRC_CORE_ERROR_TEXT_H_
#define BRASA_SRC_CORE_ERROR_TEXT_H_

#include "brasa/status.h"

namespace brasa {
namespace internal {

#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
constexpr bool kErrorText = false;
#else
constexpr bool kErrorText = true;
#endif

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_CORE_ERROR_TEXT_H_
