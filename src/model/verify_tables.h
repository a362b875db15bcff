// The flatbuffers part of verifying a model, in two strengths:
//  - VerifyAllTables: the schema's generated verifier, every table including
//    every operator's builtin options table, of all 130-odd option types
//    (hosted builds: `brasa inspect` prints options of ops it cannot run);
//  - VerifyTablesButOptions: the same checks on every table but operators'
//    builtin options tables, of which only the offset is checked, made from
//    a table of rules (one per field: its kind, size or nested table) read by
//    one small interpreter instead of the generated code. Each operator's
//    options table is verified by the op's options parser
//    (src/model/option_parsers.h) before anything reads it, and an operator
//    without a registered kernel is refused without its options being read
//    (bare-metal builds: about 5 KB less flash on a Cortex-M4 than the
//    generated verifiers).
#ifndef BRASA_SRC_MODEL_VERIFY_TABLES_H_
#define BRASA_SRC_MODEL_VERIFY_TABLES_H_

#include <cstddef>
#include <cstdint>

#include "schema/tflite_generated.h"

namespace brasa {
namespace internal {

// The part of a model file that is the flatbuffer (models over 2 GB keep
// buffers after it; their offsets are checked in VerifySemantics).
size_t FlatbufferSize(size_t file_size);

// A verifier over the flatbuffer part of `bytes` (file size `size`).
flatbuffers::Verifier ModelVerifier(const uint8_t* bytes, size_t size);

// Whether the 8+ bytes at `bytes` carry TensorFlow Lite's file identifier.
bool HasModelIdentifier(const uint8_t* bytes);

// Both check the file identifier and the root table.
bool VerifyAllTables(const uint8_t* bytes, size_t size);
bool VerifyTablesButOptions(const uint8_t* bytes, size_t size);

// The options tables of the ops a microcontroller model uses most, verified
// by rules as the other tables (the generated verifier of each type, inlined
// into its parser, was about 100 bytes of a Cortex-M4 image per op): the
// same checks, field for field (tests/model/verify_tables_test.cc).
enum class OptionsRule : uint8_t {
  kConv2D, kDepthwiseConv2D, kPool2D, kFullyConnected, kSoftmax, kReshape
};
bool VerifyOptionsByRule(flatbuffers::Verifier& verifier, const void* table, OptionsRule rule);

// The rule of an options type (kHasRule false: its generated verifier).
template <typename Options>
struct OptionsRuleOf {
  static constexpr bool kHasRule = false;
};
#define BRASA_OPTIONS_RULE(Type, Rule)                      \
  template <>                                               \
  struct OptionsRuleOf<tflite::Type> {                      \
    static constexpr bool kHasRule = true;                  \
    static constexpr OptionsRule kRule = OptionsRule::Rule; \
  };
BRASA_OPTIONS_RULE(Conv2DOptions, kConv2D)
BRASA_OPTIONS_RULE(DepthwiseConv2DOptions, kDepthwiseConv2D)
BRASA_OPTIONS_RULE(Pool2DOptions, kPool2D)
BRASA_OPTIONS_RULE(FullyConnectedOptions, kFullyConnected)
BRASA_OPTIONS_RULE(SoftmaxOptions, kSoftmax)
BRASA_OPTIONS_RULE(ReshapeOptions, kReshape)
#undef BRASA_OPTIONS_RULE

// The options table `table` of type Options (not null) verified: by rule
// where the type has one, else by its generated verifier.
template <typename Options>
bool VerifyOptionsTable(flatbuffers::Verifier& verifier, const Options* table) {
  if constexpr (OptionsRuleOf<Options>::kHasRule) {
    return VerifyOptionsByRule(verifier, table, OptionsRuleOf<Options>::kRule);
  } else {
    return verifier.VerifyTable(table);
  }
}

}  // namespace internal
}  // namespace brasa

#endif  // BRASA_SRC_MODEL_VERIFY_TABLES_H_
