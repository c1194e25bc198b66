#!/bin/sh
# Copies the image libraries an addon links (libturbojpeg, libpng) beside it,
# under their sonames, so that a portable build (RPATH $ORIGIN) loads on a
# machine without them. Called by CMake after linking with TRTMAP_PORTABLE=ON.
set -eu
addon="$1"
folder="$(dirname "$addon")"
ldd "$addon" | awk '/lib(turbojpeg|png16)\.so/ { print $1, $3 }' | while read -r soname file; do
  cp -L "$file" "$folder/$soname"
  echo "bundled $soname from $file"
done
