// socai: the command-line tool over the ledger library. Runs the command its arguments name.
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  return socai::cli::run_command_line(std::vector<std::string>(argv + 1, argv + argc));
}
