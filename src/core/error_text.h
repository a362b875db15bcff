// Whether this build keeps error messages (false with BRASA_STRIP_ERROR_STRINGS,
// brasa/status.h). The Status factories drop their message argument by
// themselves; code that builds text outside those arguments (a list of several
// errors, a label reused by many messages) tests kErrorText, so that a
// stripped build compiles the text out.
#ifndef BRASA_SRC_CORE_ERROR_TEXT_H_
#define BRASA_SRC_CORE_ERROR_TEXT_H_

#include <string>

#include "brasa/status.h"

namespace brasa {
namespace internal {

#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
constexpr bool kErrorText = false;
// ErrorText: a message assembled piece by piece (a list of several errors).
// Stripped, it holds nothing and its appends compile to nothing: no
// std::string to construct and destroy where the text is never read.
struct ErrorText {
  bool empty() const { return true; }
  template <typename Text>
  ErrorText& operator+=(const Text&) { return *this; }
};
#else
constexpr bool kErrorText = true;
using ErrorText = std::string;
#endif

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_CORE_ERROR_TEXT_H_
