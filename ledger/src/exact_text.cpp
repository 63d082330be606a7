#include "exact_text.hpp"

namespace socai {

std::string exact_text(const Exact& value) {
  return boost::multiprecision::numerator(value).str() + "/" +
         boost::multiprecision::denominator(value).str();
}

Exact exact_from(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return Exact(boost::multiprecision::cpp_int(text));
  return Exact(boost::multiprecision::cpp_int(text.substr(0, slash)),
               boost::multiprecision::cpp_int(text.substr(slash + 1)));
}

}  // namespace socai
