# Compiler flags shared by every Apogee target, through the interface target
# apogee_options. Third-party headers are included as SYSTEM so their
# warnings do not fail our -Werror build.
add_library(apogee_options INTERFACE)
target_compile_options(apogee_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(APOGEE_WERROR)
  target_compile_options(apogee_options INTERFACE -Werror)
endif()
if(APOGEE_SANITIZE)
  target_compile_options(apogee_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(apogee_options INTERFACE -fsanitize=address,undefined)
endif()
if(APOGEE_FUZZ)
  target_compile_options(apogee_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(apogee_options INTERFACE -fsanitize=address,undefined)
endif()
target_compile_definitions(apogee_options INTERFACE
  ASIO_STANDALONE ASIO_NO_DEPRECATED SPDLOG_FMT_EXTERNAL)
