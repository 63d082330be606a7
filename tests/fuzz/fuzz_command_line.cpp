// Fuzz target: the socai command line, parsed in process without running the command
// (run_command_line(args, /*execute=*/false)): the global options, every command's options
// and the checks made before a command runs.
//
// The input is the argument words separated by NUL or newline bytes. Properties: no exception
// escapes, and the exit code is 0 (parsed) or 2 (usage error). What socai prints (help,
// errors) is discarded.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "fuzz_support.hpp"

using socai::fuzzing::check;

namespace {

std::ostringstream discarded;

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> args;
  std::string word;
  for (char c : text) {
    if (c == '\0' || c == '\n') {
      args.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) args.push_back(word);
  return args;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::cout.rdbuf(discarded.rdbuf());
  std::cerr.rdbuf(discarded.rdbuf());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> args = words(socai::fuzzing::as_text(data, size));
  const int code = socai::cli::run_command_line(args, /*execute=*/false);
  check(code == socai::cli::kExitOk || code == socai::cli::kExitUsage,
        "parsing a command line exits 0 or 2", std::to_string(code));
  discarded.str({});
  return 0;
}
