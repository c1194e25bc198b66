#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trtmap {

// The whole file; throws ERR_FILE_NOT_FOUND or ERR_IO naming it.
std::vector<std::uint8_t> readFile(const std::string& path);

}  // namespace trtmap
