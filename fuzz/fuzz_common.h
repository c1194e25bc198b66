// Shared by the libFuzzer harnesses (scripts/fuzz-native.sh builds them with
// clang -fsanitize=fuzzer,address,undefined). A finding is a crash, a
// sanitizer report, a leak, a hang, or an exception other than trtmap::Error:
// only trtmap::Error is the expected way to refuse an input.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace trtmap {
namespace fuzz {

// Runs `body`; trtmap::Error is an accepted refusal, anything else aborts
// (libFuzzer then saves the input as a crash).
template <typename Body>
void refusalsOnly(Body body) {
  try {
    body();
  } catch (const Error&) {
    // The documented way to refuse bad input.
  } catch (const std::exception& error) {
    std::fprintf(stderr, "finding: exception other than trtmap::Error: %s\n", error.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "finding: non-standard exception\n");
    std::abort();
  }
}

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "finding: %s\n", what);
  std::abort();
}

}  // namespace fuzz
}  // namespace trtmap
