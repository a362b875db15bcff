#include "brasa/status.h"

namespace brasa {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kInvalidModel: return "INVALID_MODEL";
    case StatusCode::kUnsupported: return "UNSUPPORTED";
    case StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kIoError: return "IO_ERROR";
    case StatusCode::kInternal: return "INTERNAL";
  }
  return "UNKNOWN";
}

#if !(defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS)  // else inline
std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

// The names in parentheses: macros with BRASA_STRIP_ERROR_STRINGS (status.h),
// which has StrippedError inline instead.
Status (InvalidArgumentError)(std::string m) { return Status(StatusCode::kInvalidArgument, std::move(m)); }
Status (InvalidModelError)(std::string m) { return Status(StatusCode::kInvalidModel, std::move(m)); }
Status (UnsupportedError)(std::string m) { return Status(StatusCode::kUnsupported, std::move(m)); }
Status (ResourceExhaustedError)(std::string m) { return Status(StatusCode::kResourceExhausted, std::move(m)); }
Status (NotFoundError)(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
Status (FailedPreconditionError)(std::string m) { return Status(StatusCode::kFailedPrecondition, std::move(m)); }
Status (IoError)(std::string m) { return Status(StatusCode::kIoError, std::move(m)); }
Status (InternalError)(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

Status (StatusWithCode)(StatusCode code, std::string m) { return Status(code, std::move(m)); }
#endif

}  // namespace brasa
