# libjpeg-turbo (TurboJPEG API) and libpng, as one interface target
# `trtmap_image_libraries`. Linked as shared libraries: distributions' static
# libturbojpeg.a is not position-independent. TRTMAP_PORTABLE copies them
# beside the addon instead (see CMakeLists.txt).
set(turbojpeg_names turbojpeg)
set(png_names png16 png)

find_path(TURBOJPEG_INCLUDE_DIR turbojpeg.h HINTS /opt/libjpeg-turbo/include)
find_library(TURBOJPEG_LIBRARY NAMES ${turbojpeg_names}
  HINTS /opt/libjpeg-turbo/lib64 /opt/libjpeg-turbo/lib)
if(NOT TURBOJPEG_INCLUDE_DIR OR NOT TURBOJPEG_LIBRARY)
  message(FATAL_ERROR "trtmap: libjpeg-turbo's TurboJPEG library was not found: "
    "sudo apt-get install libturbojpeg0-dev (Debian/Ubuntu) or dnf install turbojpeg-devel")
endif()

find_path(PNG_INCLUDE_DIR png.h)
find_library(PNG_LIBRARY NAMES ${png_names})
find_package(ZLIB)
if(NOT PNG_INCLUDE_DIR OR NOT PNG_LIBRARY OR NOT ZLIB_FOUND)
  message(FATAL_ERROR "trtmap: libpng (and zlib) were not found: "
    "sudo apt-get install libpng-dev (Debian/Ubuntu) or dnf install libpng-devel")
endif()

add_library(trtmap_image_libraries INTERFACE)
target_include_directories(trtmap_image_libraries SYSTEM INTERFACE
  "${TURBOJPEG_INCLUDE_DIR}" "${PNG_INCLUDE_DIR}")
target_link_libraries(trtmap_image_libraries INTERFACE
  "${TURBOJPEG_LIBRARY}" "${PNG_LIBRARY}" ZLIB::ZLIB m)
message(STATUS "trtmap: TurboJPEG ${TURBOJPEG_LIBRARY}, libpng ${PNG_LIBRARY}")
