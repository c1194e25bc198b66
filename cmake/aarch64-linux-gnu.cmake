# Cross-compiling the addon for 64-bit ARM Linux (the Jetson family's CPU) on a
# Debian/Ubuntu x86-64 host with multiarch: g++-aarch64-linux-gnu, and the
# arm64 development packages installed beside the host's
# (dpkg --add-architecture arm64; apt-get install libturbojpeg0-dev:arm64
# libpng-dev:arm64). CPU features only: there is no aarch64 CUDA toolkit here,
# so configure with -DTRTMAP_WITH_CUDA=OFF (scripts/ci-aarch64.sh does).
#   npx cmake-js compile --out build-aarch64 \
#     --CDCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake --CDTRTMAP_WITH_CUDA=OFF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TRTMAP_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${TRTMAP_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${TRTMAP_CROSS_TRIPLE}-g++)
# Multiarch: arm64 libraries live in /usr/lib/aarch64-linux-gnu, their
# architecture-specific headers in /usr/include/aarch64-linux-gnu; the host's
# x86-64 ones must never be picked up.
set(CMAKE_LIBRARY_ARCHITECTURE ${TRTMAP_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${TRTMAP_CROSS_TRIPLE})
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /usr/include/x86_64-linux-gnu /lib/x86_64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
