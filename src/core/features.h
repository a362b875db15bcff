// Features a build may leave out to save flash on a microcontroller. Each is
// a CMake option (BRASA_SPARSE, BRASA_CONTROL_FLOW), ON for hosted builds and
// OFF in the bare-metal port; a model that needs a feature the build left out
// is refused with UNSUPPORTED naming the option. Verification of the model is
// never left out.
#ifndef BRASA_CORE_FEATURES_H_
#define BRASA_CORE_FEATURES_H_

// Sparse constants (TensorFlow Lite's compressed storage of pruned weights).
#ifndef BRASA_SPARSE
#define BRASA_SPARSE 1
#endif

// Models of more than one subgraph (IF, WHILE, CALL_ONCE call the others).
#ifndef BRASA_CONTROL_FLOW
#define BRASA_CONTROL_FLOW 1
#endif

#endif  // BRASA_CORE_FEATURES_H_
