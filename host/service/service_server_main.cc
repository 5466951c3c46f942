// Stand-alone `pqa serve` for tests and deployments that do not want the
// whole pqa CLI.
#include <iostream>
#include <string>
#include <vector>

#include "host/service/serve_command.h"

int main(int argc, char** argv) {
  return pqa::service::RunServeCommand(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                       std::cerr);
}
