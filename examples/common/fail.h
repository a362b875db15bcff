// How every example program reports a problem: one "error: ..." line on
// stderr, and exit code 1.
#ifndef BRASA_EXAMPLES_COMMON_FAIL_H_
#define BRASA_EXAMPLES_COMMON_FAIL_H_

#include <cstdio>
#include <string>

namespace brasa_examples {

inline int Fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 1;
}

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_COMMON_FAIL_H_
