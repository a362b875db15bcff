// brasa bench: load time, first invoke, and steady-state latency of a model.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "src/platform/cpu_features.h"
#include "tools/cli.h"
#include "tools/node_profile.h"
#include "tools/tensor_format.h"

namespace brasa {
namespace tools {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Nearest-rank percentile of sorted values.
double Percentile(const std::vector<double>& sorted, double p) {
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::min(std::max<size_t>(rank, 1), sorted.size());
  return sorted[rank - 1];
}

// "12.345 ms", or "0.412 us" below a millisecond.
std::string Duration(double ms) {
  char text[32];
  if (ms < 1.0) {
    std::snprintf(text, sizeof(text), "%.3f us", ms * 1000.0);
  } else {
    std::snprintf(text, sizeof(text), "%.3f ms", ms);
  }
  return text;
}

// Peak RSS of this program. Linux's ru_maxrss carries over the parent's peak
// through fork and exec (a Python harness's 40 MB would show up as ours), so
// prefer VmHWM, the high-water mark of this process image alone.
long PeakRssKilobytes() {
  if (std::FILE* status = std::fopen("/proc/self/status", "r")) {
    char line[256];
    long kilobytes = -1;
    while (std::fgets(line, sizeof(line), status) != nullptr) {
      if (std::sscanf(line, "VmHWM: %ld kB", &kilobytes) == 1) break;
    }
    std::fclose(status);
    if (kilobytes >= 0) return kilobytes;
  }
  struct rusage usage;
  std::memset(&usage, 0, sizeof(usage));
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

struct BenchSettings {
  InterpreterOptions options;
  int threads = 1;
  int warmup = 5;
  int runs = 50;
};

Status ParseSettings(const Arguments& arguments, BenchSettings* s) {
  BRASA_RETURN_IF_ERROR(ParseCount("threads", arguments.value("threads", "1"), 1, kMaxThreads, &s->threads));
  BRASA_RETURN_IF_ERROR(ParseCount("warmup", arguments.value("warmup", "5"), 0, kMaxRuns, &s->warmup));
  BRASA_RETURN_IF_ERROR(ApplyKernelOptions(arguments, &s->options));
  s->options.large_pages = !arguments.has_switch("no-large-pages");
  return ParseCount("runs", arguments.value("runs", "50"), 1, kMaxRuns, &s->runs);
}

Status Bench(const Arguments& arguments, const BenchSettings& settings) {
  const int threads = settings.threads, warmup = settings.warmup, runs = settings.runs;

  const Clock::time_point load_start = Clock::now();
  auto model = Model::FromFile(arguments.model);
  if (!model.ok()) return model.status();
  InterpreterOptions options = settings.options;
  options.num_threads = threads;
  const bool profiling = arguments.has_switch("profile");
  NodeTimer node_timer;
  if (profiling) options.profiler = node_timer.profiler();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  if (!interpreter.ok()) return interpreter.status();
  Interpreter& runner = **interpreter;
  BRASA_RETURN_IF_ERROR(runner.AllocateTensors());
  const double load_ms = MillisecondsSince(load_start);

  for (int i = 0; i < runner.num_inputs(); ++i) {  // deterministic non-trivial input
    const Tensor* input = runner.input(i);
    uint8_t* bytes = static_cast<uint8_t*>(runner.input_data(i));
    if (input->type == DataType::kFloat32) {
      // Values in [-1, 1), as a preprocessed image: the byte pattern below read
      // as floats is mostly tiny (median ~1e-18), whose products go subnormal
      // and take the CPU's slow microcode path, which real inputs never do.
      float* values = runner.input_data<float>(i);
      for (size_t v = 0; v < input->bytes / sizeof(float); ++v) {
        values[v] = static_cast<float>((v * 37 + 11) % 64) / 32.0f - 1.0f;
      }
      continue;
    }
    for (size_t b = 0; b < input->bytes; ++b) bytes[b] = static_cast<uint8_t>((b * 37 + 11) & 0x3f);
  }
  const Clock::time_point first_start = Clock::now();
  BRASA_RETURN_IF_ERROR(runner.Invoke());
  const double first_ms = MillisecondsSince(first_start);
  for (int i = 0; i < warmup; ++i) BRASA_RETURN_IF_ERROR(runner.Invoke());
  std::vector<double> latencies;
  latencies.reserve(static_cast<size_t>(runs));
  node_timer.Reset(runner.num_nodes());  // profile the measured invokes only
  for (int i = 0; i < runs; ++i) {
    const Clock::time_point start = Clock::now();
    BRASA_RETURN_IF_ERROR(runner.Invoke());
    latencies.push_back(MillisecondsSince(start));
    node_timer.CountInvoke();
  }
  std::sort(latencies.begin(), latencies.end());
  const double min = latencies.front(), median = Percentile(latencies, 50), p90 = Percentile(latencies, 90);
  const long rss = PeakRssKilobytes();
  const char* kernels = options.use_reference_kernels
                            ? "reference"
                            : IsaName(internal::UsableIsa(options.max_isa));
  if (arguments.has_switch("json")) {
    std::printf("{\"model\": %s, \"kernels\": \"%s\", \"threads\": %d, \"warmup\": %d, \"runs\": %d, \"load_ms\": %.6f, "
                "\"first_invoke_ms\": %.6f, \"latency_ms\": {\"min\": %.6f, \"median\": %.6f, \"p90\": %.6f}, "
                "\"arena_bytes\": %zu, \"arena_lower_bound\": %zu, \"persistent_bytes\": %zu, "
                "\"peak_rss_kb\": %ld",
                JsonString(arguments.model).c_str(), kernels, threads, warmup, runs, load_ms, first_ms, min, median, p90,
                runner.arena_bytes(), runner.arena_lower_bound(), runner.persistent_bytes(), rss);
    if (profiling) {
      std::printf(", \"profile\": %s",
                  FormatNodeProfileJson(BuildNodeProfile(runner, node_timer)).c_str());
    }
    std::printf("}\n");
  } else {
    std::printf("model: %s\nkernels: %s, threads: %d, warmup: %d, runs: %d\n",
                arguments.model.c_str(), kernels, threads, warmup, runs);
    std::printf("load + prepare: %s\nfirst invoke: %s\n", Duration(load_ms).c_str(), Duration(first_ms).c_str());
    std::printf("latency: min %s, median %s, p90 %s\n", Duration(min).c_str(), Duration(median).c_str(),
                Duration(p90).c_str());
    std::printf("arena bytes: %zu (lower bound %zu)\npersistent bytes: %zu\npeak RSS: %ld KiB\n",
                runner.arena_bytes(), runner.arena_lower_bound(), runner.persistent_bytes(), rss);
    if (profiling) {
      std::printf("%s", FormatNodeProfileText(BuildNodeProfile(runner, node_timer)).c_str());
    }
  }
  return Status::Ok();
}

}  // namespace

int BenchCommand(const Arguments& arguments) {
  BenchSettings settings;
  Status status = ParseSettings(arguments, &settings);
  if (!status.ok()) return ReportUsage(status.message());
  status = Bench(arguments, settings);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace tools
}  // namespace brasa
