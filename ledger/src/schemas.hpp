// The files of schemas/, compiled into the library (see ledger/embed_schemas.cmake).
#pragma once

#include <string_view>

namespace socai::schemas {

// The content of schemas/<name> (migrations by file name); empty when there is no such file.
std::string_view embedded_file(std::string_view name);

}  // namespace socai::schemas
