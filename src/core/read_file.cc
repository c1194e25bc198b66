#include "core/read_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/error.h"

namespace trtmap {

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

[[noreturn]] void failIo(const std::string& path, int error) {
  std::string code = (error == ENOENT || error == ENOTDIR) ? "ERR_FILE_NOT_FOUND" : "ERR_IO";
  throw Error(code, "Cannot read " + path + ": " + std::strerror(error), path);
}

}  // namespace

std::vector<std::uint8_t> readFile(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) failIo(path, errno);
  std::vector<std::uint8_t> bytes;
  std::uint8_t chunk[1 << 16];
  for (;;) {
    std::size_t count = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.insert(bytes.end(), chunk, chunk + count);
    if (count < sizeof chunk) break;
  }
  // A directory opens but fails to read (EISDIR).
  if (std::ferror(file.get())) failIo(path, errno ? errno : EIO);
  return bytes;
}

}  // namespace trtmap
