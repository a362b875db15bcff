// Status and Result<T>: how every brasa call reports success or failure.
//
// Library code never throws, aborts or prints: a failing call returns a Status
// whose message names the problem (and, where there is one, the node and op),
// e.g. "node 12 (CONV_2D): filter has 8 input channels, input has 3".
#ifndef BRASA_STATUS_H_
#define BRASA_STATUS_H_

#include <string>
#include <utility>

#include "brasa/export.h"

namespace brasa {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller passed something wrong (index, shape, ...)
  kInvalidModel,       // the model file is malformed or inconsistent
  kUnsupported,        // a valid model uses something brasa cannot run
  kResourceExhausted,  // an arena or allocation limit was exceeded
  kNotFound,           // a file, tensor name or op is missing
  kFailedPrecondition, // a call made in the wrong phase
  kIoError,            // the operating system refused a file operation
  kInternal,           // a bug in brasa
};

BRASA_API const char* StatusCodeName(StatusCode code);

#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
// Stripped errors (below): a Status is its code alone, trivially copied, with
// no string to build, move or free; message() is kStrippedMessage for every
// error. The ABI tag gives this layout symbol names of its own, so code built
// with stripping and code built without it cannot mix the two layouts.
#define BRASA_STATUS_LAYOUT gnu::abi_tag("stripped_errors")
#else
#define BRASA_STATUS_LAYOUT
#endif
constexpr const char kStrippedMessage[] = "(text stripped)";  // fits std::string's inline buffer

// [[nodiscard]]: a call whose Status is dropped is a compile error under
// -Werror, so no failure goes unnoticed. Write `(void)call();` where ignoring
// it is deliberate, with a comment that says why. (GCC accepts no visibility
// attribute next to [[nodiscard]] on a class: the out-of-line member carries
// BRASA_API instead.)
class [[nodiscard, BRASA_STATUS_LAYOUT]] Status {
 public:
  Status() = default;  // OK; holds no message, so it never allocates.
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
  // No message is kept (the factories below build none).
  explicit Status(StatusCode code) : code_(code) {}
#else
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}
#endif

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
  // By value: a stripped Status keeps no string ("" when OK).
  std::string message() const { return ok() ? std::string() : std::string(kStrippedMessage); }
  std::string ToString() const {
    return ok() ? std::string("OK") : std::string(StatusCodeName(code_)) + ": " + message();
  }
#else
  const std::string& message() const { return message_; }
  // "INVALID_MODEL: tensor 3: shape has a negative dimension (-1)".
  BRASA_API std::string ToString() const;
#endif

 private:
  StatusCode code_ = StatusCode::kOk;
#if !(defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS)
  std::string message_;
#endif
};

// Status factories; the message should say what is wrong and where.
// StatusWithCode: an error of a given code, e.g. one passed on with more
// context: StatusWithCode(status.code(), "node 3: " + status.message()).
BRASA_API Status InvalidArgumentError(std::string message);
BRASA_API Status InvalidModelError(std::string message);
BRASA_API Status UnsupportedError(std::string message);
BRASA_API Status ResourceExhaustedError(std::string message);
BRASA_API Status NotFoundError(std::string message);
BRASA_API Status FailedPreconditionError(std::string message);
BRASA_API Status IoError(std::string message);
BRASA_API Status InternalError(std::string message);
BRASA_API Status StatusWithCode(StatusCode code, std::string message);

// BRASA_STRIP_ERROR_STRINGS (CMake option of that name; ON in the bare-metal
// port, OFF for hosted builds): an error keeps its StatusCode, and its
// message is the fixed kStrippedMessage. The factories above become macros
// that do not evaluate their message, so neither a message's literals nor
// the code that builds it reach the binary (KernelContext::Error likewise).
// Call sites are unchanged. Both spellings work: InvalidModelError(...) and
// brasa::InvalidModelError(...).
#if defined(BRASA_STRIP_ERROR_STRINGS) && BRASA_STRIP_ERROR_STRINGS
inline Status StrippedError(StatusCode code) { return Status(code); }
#define InvalidArgumentError(...) StrippedError(::brasa::StatusCode::kInvalidArgument)
#define InvalidModelError(...) StrippedError(::brasa::StatusCode::kInvalidModel)
#define UnsupportedError(...) StrippedError(::brasa::StatusCode::kUnsupported)
#define ResourceExhaustedError(...) StrippedError(::brasa::StatusCode::kResourceExhausted)
#define NotFoundError(...) StrippedError(::brasa::StatusCode::kNotFound)
#define FailedPreconditionError(...) StrippedError(::brasa::StatusCode::kFailedPrecondition)
#define IoError(...) StrippedError(::brasa::StatusCode::kIoError)
#define InternalError(...) StrippedError(::brasa::StatusCode::kInternal)
#define StatusWithCode(code, ...) StrippedError(code)
#endif

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard, BRASA_STATUS_LAYOUT]] Result {
 public:
  Result(T value) : value_(std::move(value)), has_value_(true) {}  // NOLINT
  Result(Status status)  // NOLINT
      : status_(status.ok() ? InternalError("Result built from an OK status")
                            : std::move(status)) {}

  bool ok() const { return has_value_; }
  const Status& status() const { return status_; }
  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  T& operator*() { return value_; }

 private:
  T value_{};
  Status status_;
  bool has_value_ = false;
};

}  // namespace brasa

// Returns early from the enclosing function when `expr` yields an error.
#define BRASA_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    ::brasa::Status brasa_status_ = (expr);         \
    if (!brasa_status_.ok()) return brasa_status_;  \
  } while (0)

#endif  // BRASA_STATUS_H_
