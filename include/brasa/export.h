// BRASA_API marks the public C++ API. The library is compiled with hidden
// symbol visibility, so a shared build (BRASA_BUILD_SHARED) exports only
// what carries this mark; a static build is unaffected.
#ifndef BRASA_EXPORT_H_
#define BRASA_EXPORT_H_

#if defined(_WIN32)
#define BRASA_API
#elif defined(__GNUC__)
#define BRASA_API __attribute__((visibility("default")))
#else
#define BRASA_API
#endif

#endif  // BRASA_EXPORT_H_
