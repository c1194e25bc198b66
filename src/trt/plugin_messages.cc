#include "trt/plugin_messages.h"

#include <cctype>

namespace trtmap {
namespace trt {

namespace {

bool isNameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

// The token after `position` (spaces, ':' skipped), up to the first character
// that cannot be part of a plugin name.
std::string tokenAfter(const std::string& text, std::size_t position) {
  while (position < text.size() && (text[position] == ' ' || text[position] == ':')) ++position;
  std::size_t end = position;
  while (end < text.size() && isNameCharacter(text[end])) ++end;
  std::string token = text.substr(position, end - position);
  while (!token.empty() && token.back() == '.') token.pop_back();
  return token;
}

}  // namespace

std::vector<std::string> missingPlugins(const std::string& logged) {
  static const char* const markers[] = {"could not find plugin", "Cannot find plugin"};
  std::vector<std::string> names;
  for (const char* marker : markers) {
    std::string needle = marker;
    for (std::size_t found = logged.find(needle); found != std::string::npos;
         found = logged.find(needle, found + needle.size())) {
      std::string name = tokenAfter(logged, found + needle.size());
      if (name.empty()) continue;
      std::size_t version = logged.find("version", found + needle.size() + name.size());
      std::string label = name;
      if (version != std::string::npos && version - (found + needle.size()) < name.size() + 12) {
        std::string number = tokenAfter(logged, version + 7);
        if (!number.empty()) label += " (version " + number + ")";
      }
      bool seen = false;
      for (const auto& existing : names) seen = seen || existing == label;
      if (!seen) names.push_back(label);
    }
  }
  return names;
}

std::string pluginHint(const std::string& logged) {
  std::vector<std::string> names = missingPlugins(logged);
  if (names.empty()) return std::string();
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return "; it needs the TensorRT plugin " + list +
         ", which no loaded library registers: load the library that defines it with --plugins <lib.so> "
         "(plugins: ['<lib.so>'] in the API), e.g. tensorrt_demos' libyolo_layer.so for YoloLayer_TRT";
}

}  // namespace trt
}  // namespace trtmap
