// Looks up kernels/op_versions.def.
#include "kernels/op_versions.h"

#include <cstddef>

namespace brasa {
namespace {

// One 4-bit version per code, two codes a byte (80 bytes, where the switch
// the compiler turns into a byte table took 159: a microcontroller links it).
constexpr int32_t kCodeLimit = 160;  // above every code in the .def
struct VersionTable {
  uint8_t nibbles[kCodeLimit / 2] = {};
  bool repeated_code = false;  // a code listed twice (a switch would not compile)
};

constexpr VersionTable MakeVersionTable() {
  VersionTable table;
#define BRASA_OP_VERSION(NAME, CODE, MAX_VERSION)                                  \
  static_assert((CODE) >= 0 && (CODE) < kCodeLimit, "code outside the table");    \
  static_assert((MAX_VERSION) > 0 && (MAX_VERSION) < 16, "version needs 4 bits"); \
  table.repeated_code |= ((table.nibbles[(CODE) / 2] >> ((CODE) % 2 * 4)) & 0xF) != 0; \
  table.nibbles[(CODE) / 2] |= static_cast<uint8_t>((MAX_VERSION) << ((CODE) % 2 * 4));
#include "kernels/op_versions.def"
#undef BRASA_OP_VERSION
  return table;
}

constexpr VersionTable kVersions = MakeVersionTable();
static_assert(!kVersions.repeated_code, "kernels/op_versions.def lists a code twice");

}  // namespace

int32_t MaxBuiltinOpVersion(int32_t builtin_code) {
  if (builtin_code < 0 || builtin_code >= kCodeLimit) return 0;
  const uint8_t pair = kVersions.nibbles[builtin_code / 2];
  return (builtin_code % 2 == 0 ? pair : pair >> 4) & 0xF;
}

}  // namespace brasa
