// brasa: run, inspect and benchmark TensorFlow Lite models.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "brasa/version.h"
#include "tools/cli.h"

namespace brasa {
namespace tools {

namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  brasa run MODEL [--input FILE.npy|IMAGE]... [--output-dir DIR] [--threads N]\n"
    "            [--top-k K] [--labels FILE] [--mean M --std S] [--json]\n"
    "            [--isa LEVEL] [--reference]\n"
    "  brasa inspect MODEL [--json] [--svg FILE] [--arena-svg FILE] [--microcontroller]\n"
    "  brasa bench MODEL [--threads N] [--warmup N] [--runs N] [--json] [--profile]\n"
    "              [--isa LEVEL] [--reference] [--no-large-pages]\n"
    "  brasa --version\n"
    "LEVEL caps the optimized kernels' instruction set: scalar, avx2, avxvnni, avx512,\n"
    "avx512vnni or best; --reference runs the reference kernels only.\n"
    "--no-large-pages keeps packed weights out of 2 MB pages (InterpreterOptions::large_pages).\n"
    "inspect --microcontroller plans as the Cortex-M firmware does: reference convolutions,\n"
    "which may write their output over their input, and inputs not kept after use.\n"
    "Ranges: --threads 1..64, --runs 1..1000000, --warmup 0..1000000, --top-k 1..the\n"
    "first output's element count. IMAGE (.jpg, .png, .bmp, ...) is resized to the input\n"
    "and converted: uint8 inputs take pixels, int8 pixel - 128, float (pixel - M) / S\n"
    "(default M = S = 127.5; with --mean/--std a quantized input is quantized from that).\n";

}  // namespace

bool Arguments::has_switch(const std::string& name) const {
  for (const std::string& s : switches) {
    if (s == name) return true;
  }
  return false;
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
  std::string result = fallback;
  for (const auto& flag : flags) {
    if (flag.first == name) result = flag.second;
  }
  return result;
}

std::vector<std::string> Arguments::values(const std::string& name) const {
  std::vector<std::string> result;
  for (const auto& flag : flags) {
    if (flag.first == name) result.push_back(flag.second);
  }
  return result;
}

Status ParseArguments(int argc, char** argv, const std::vector<std::string>& value_flags,
                      const std::vector<std::string>& switch_flags, Arguments* arguments) {
  auto contains = [](const std::vector<std::string>& list, const std::string& item) {
    for (const std::string& s : list) {
      if (s == item) return true;
    }
    return false;
  };
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      std::string inline_value;
      const size_t equals = name.find('=');
      const bool has_inline = equals != std::string::npos;
      if (has_inline) {
        inline_value = name.substr(equals + 1);
        name = name.substr(0, equals);
      }
      if (contains(switch_flags, name) && !has_inline) {
        arguments->switches.push_back(name);
      } else if (contains(value_flags, name)) {
        if (!has_inline) {
          if (i + 1 >= argc) return InvalidArgumentError("--" + name + " needs a value");
          inline_value = argv[++i];
        }
        arguments->flags.emplace_back(name, inline_value);
      } else {
        return InvalidArgumentError("unknown option '" + arg + "'");
      }
    } else if (arguments->model.empty()) {
      arguments->model = arg;
    } else {
      return InvalidArgumentError("unexpected argument '" + arg + "'");
    }
  }
  if (arguments->model.empty()) return InvalidArgumentError("missing MODEL");
  return Status::Ok();
}

Status ApplyKernelOptions(const Arguments& arguments, InterpreterOptions* options) {
  const std::string isa = arguments.value("isa", "best");
  if (!ParseIsa(isa.c_str(), &options->max_isa)) {
    return InvalidArgumentError("--isa needs scalar, avx2, avxvnni, avx512, avx512vnni or best, got '" +
                                isa + "'");
  }
  options->use_reference_kernels = arguments.has_switch("reference");
  return Status::Ok();
}

Status ParseCount(const std::string& name, const std::string& text, int minimum, int maximum,
                  int* value) {
  errno = 0;
  char* end = nullptr;
  const long parsed = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || parsed < minimum || parsed > maximum) {
    return InvalidArgumentError("--" + name + " needs an integer in " + std::to_string(minimum) +
                                ".." + std::to_string(maximum) + ", got '" + text + "'");
  }
  *value = static_cast<int>(parsed);
  return Status::Ok();
}

Status ParseReal(const std::string& name, const std::string& text, bool positive, float* value) {
  char* end = nullptr;
  const float parsed = std::strtof(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(parsed) || (positive && parsed <= 0)) {
    return InvalidArgumentError("--" + name + " needs a " + (positive ? "positive " : "") +
                                "finite number, got '" + text + "'");
  }
  *value = parsed;
  return Status::Ok();
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "brasa: error: %s\n", status.message().c_str());
  return kExitError;
}

int ReportUsage(const std::string& message) {
  std::fprintf(stderr, "brasa: %s\n%s", message.c_str(), kUsage);
  return kExitUsage;
}

int Main(int argc, char** argv);

}  // namespace tools
}  // namespace brasa

// The library reports errors as Status; an exception from the standard
// library (bad_alloc, a stream) still ends in an error line, not SIGABRT.
int main(int argc, char** argv) {
  try {
    return brasa::tools::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "brasa: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "brasa: error: unknown exception\n");
  }
  return brasa::tools::kExitError;
}

int brasa::tools::Main(int argc, char** argv) {
  if (argc < 2) return ReportUsage("missing command");
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (command == "--version" || command == "version") {
    std::printf("brasa %s\n", brasa::Version());
    return kExitOk;
  }
  Arguments arguments;
  brasa::Status status;
  if (command == "run") {
    status = ParseArguments(argc - 2, argv + 2, {"input", "output-dir", "threads", "isa", "top-k", "labels", "mean", "std"},
                            {"reference", "json"}, &arguments);
    return status.ok() ? RunCommand(arguments) : ReportUsage(status.message());
  }
  if (command == "inspect") {
    status = ParseArguments(argc - 2, argv + 2, {"svg", "arena-svg"},
                            {"json", "microcontroller"}, &arguments);
    return status.ok() ? InspectCommand(arguments) : ReportUsage(status.message());
  }
  if (command == "bench") {
    status = ParseArguments(argc - 2, argv + 2, {"threads", "warmup", "runs", "isa"},
                            {"json", "profile", "reference", "no-large-pages"}, &arguments);
    return status.ok() ? BenchCommand(arguments) : ReportUsage(status.message());
  }
  return ReportUsage("unknown command '" + command + "'");
}
