// Shared pieces of the `brasa` command line: argument parsing and loading.
#ifndef BRASA_TOOLS_CLI_H_
#define BRASA_TOOLS_CLI_H_

#include <memory>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/status.h"

namespace brasa {
namespace tools {

// Exit codes of the command line (a fixed contract).
constexpr int kExitOk = 0;
constexpr int kExitError = 1;  // model or runtime error
constexpr int kExitUsage = 2;

// Parsed "MODEL [--flag value]... [--switch]..." arguments.
struct Arguments {
  std::string model;
  std::vector<std::pair<std::string, std::string>> flags;  // in order given
  std::vector<std::string> switches;                       // e.g. --json
  bool has_switch(const std::string& name) const;
  // The last value of --name, or `fallback`.
  std::string value(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> values(const std::string& name) const;
};

// Fails (as a usage error) on unknown flags, missing values or a missing model.
Status ParseArguments(int argc, char** argv, const std::vector<std::string>& value_flags,
                      const std::vector<std::string>& switch_flags, Arguments* arguments);

// --isa LEVEL and --reference into InterpreterOptions; usage error on a bad LEVEL.
Status ApplyKernelOptions(const Arguments& arguments, InterpreterOptions* options);

// Parses an integer flag value in minimum..maximum; otherwise a usage error
// that names the flag and the range ("--runs needs an integer in 1..1000000").
Status ParseCount(const std::string& name, const std::string& text, int minimum, int maximum,
                  int* value);
// A real number flag value (--mean, --std); `positive` rejects <= 0.
Status ParseReal(const std::string& name, const std::string& text, bool positive, float* value);

// The ranges the usage errors name.
constexpr int kMaxThreads = 64;
constexpr int kMaxRuns = 1000000;

// Prints "brasa: error: <message>" and returns kExitError.
int ReportError(const Status& status);
// Prints "brasa: <message>" and the usage, returns kExitUsage.
int ReportUsage(const std::string& message);

int RunCommand(const Arguments& arguments);
int InspectCommand(const Arguments& arguments);
int BenchCommand(const Arguments& arguments);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_CLI_H_
