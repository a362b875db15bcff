// Runs an example program as a real process and captures what it printed,
// so tests can check its predictions, its error lines and its exit code.
#ifndef BRASA_TESTS_EXAMPLES_EXAMPLE_PROCESS_H_
#define BRASA_TESTS_EXAMPLES_EXAMPLE_PROCESS_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace brasa_examples {

struct ProcessResult {
  int exit_code = -1;  // -1 when the process did not exit normally (crash)
  std::string out;
  std::string err;
};

inline std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// A fresh scratch directory for one test.
inline std::string MakeTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/brasa_example_XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  return ::mkdtemp(buffer.data()) != nullptr ? std::string(buffer.data()) : std::string();
}

// Runs `program args...` (through the shell, every word quoted) with a 120 s
// limit; stdout goes to `out`, stderr to `err`.
inline ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                                const std::string& scratch_dir) {
  const std::string out_path = scratch_dir + "/stdout.txt", err_path = scratch_dir + "/stderr.txt";
  std::string command = "timeout 120 " + ShellQuote(program);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  command += " >" + ShellQuote(out_path) + " 2>" + ShellQuote(err_path);
  const int status = std::system(command.c_str());
  ProcessResult result;
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = ReadWholeFile(out_path);
  result.err = ReadWholeFile(err_path);
  return result;
}

// Number of '\n'-terminated lines in `text`.
inline int CountLines(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

// A test that runs one example program: a scratch directory, Run(args),
// and the check every example's bad-input handling must pass.
class ExampleProgramTest : public ::testing::Test {
 protected:
  explicit ExampleProgramTest(std::string program) : program_(std::move(program)) {}
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    if (!dir_.empty() && std::system(("rm -rf " + ShellQuote(dir_)).c_str()) != 0) {
      ADD_FAILURE() << "cannot remove " << dir_;
    }
  }
  ProcessResult Run(const std::vector<std::string>& args) {
    return RunProgram(program_, args, dir_);
  }
  // Exit code 1, exactly one "error: ..." line on stderr naming `mentions`.
  void ExpectOneLineError(const ProcessResult& result, const std::string& mentions) {
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(mentions), std::string::npos) << result.err;
  }
  std::string program_;
  std::string dir_;
};

}  // namespace brasa_examples

#endif  // BRASA_TESTS_EXAMPLES_EXAMPLE_PROCESS_H_
