// The one exception type of the C++ core. `code` is one of the stable codes of
// TrtmapError (lib/errors.ts); the binding turns it into that JavaScript error.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace trtmap {

class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message, std::string file = std::string())
      : std::runtime_error(message), code_(std::move(code)), file_(std::move(file)) {}

  const std::string& code() const noexcept { return code_; }
  const std::string& file() const noexcept { return file_; }

 private:
  std::string code_;
  std::string file_;
};

inline Error invalidArgument(const std::string& message) {
  return Error("ERR_INVALID_ARGUMENT", message);
}

}  // namespace trtmap
