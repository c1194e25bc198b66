// Type tags (Node-API 8) so that a wrapper of one class passed where another
// is expected is rejected instead of being reinterpreted.
#pragma once

#include <napi.h>

#include "binding/errors.h"

namespace trtmap {
namespace binding {

constexpr napi_type_tag kHostBufferTag = {0x7472746d61700001ULL, 0x686f737462756666ULL};
constexpr napi_type_tag kDeviceBufferTag = {0x7472746d61700002ULL, 0x6465766275666665ULL};
constexpr napi_type_tag kStreamTag = {0x7472746d61700003ULL, 0x73747265616d0000ULL};
constexpr napi_type_tag kEventTag = {0x7472746d61700004ULL, 0x6576656e74000000ULL};
constexpr napi_type_tag kTrtEngineTag = {0x7472746d61700005ULL, 0x656e67696e650000ULL};
constexpr napi_type_tag kTrtContextTag = {0x7472746d61700006ULL, 0x636f6e7465787400ULL};

// The wrapper of class T behind `value`, or ERR_INVALID_ARGUMENT naming `what`.
template <typename T>
T* unwrapTagged(const Napi::Value& value, const napi_type_tag& tag, const char* what) {
  if (!value.IsObject() || !value.As<Napi::Object>().CheckTypeTag(&tag)) {
    throwError(value.Env(), "ERR_INVALID_ARGUMENT", std::string("Expected ") + what);
  }
  return T::Unwrap(value.As<Napi::Object>());
}

}  // namespace binding
}  // namespace trtmap
