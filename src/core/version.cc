#include "brasa/version.h"

namespace brasa {

const char* Version() { return BRASA_VERSION_STRING; }

}  // namespace brasa
