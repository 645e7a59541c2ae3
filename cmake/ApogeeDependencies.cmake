# Every dependency comes from a Debian package (see docs/dependencies.md);
# nothing is downloaded at build time.
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(ZLIB REQUIRED)
find_package(RapidJSON REQUIRED)

find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(apogee_asio INTERFACE)
target_include_directories(apogee_asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_link_libraries(apogee_asio INTERFACE Threads::Threads)

add_library(apogee_rapidjson INTERFACE)
target_include_directories(apogee_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
# std::string support and SSE4.2 scanning of whitespace are both safe here.
target_compile_definitions(apogee_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)

if(NOT APOGEE_FUZZ)
  if(APOGEE_BUILD_TESTS)
    find_package(GTest REQUIRED)
  endif()
  if(APOGEE_BUILD_BENCH)
    find_package(benchmark REQUIRED)
  endif()
  find_package(CLI11 REQUIRED)
endif()
