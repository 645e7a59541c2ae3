#pragma once

#include <filesystem>
#include <string>

namespace apogee::testing {

// tests/data, from $APOGEE_TEST_DATA_DIR (set by CTest) or found by walking
// up from the working directory.
std::filesystem::path testDataDir();

// Whole file as bytes; fails the current test if it cannot be read.
std::string readFile(const std::filesystem::path& path);

// "0a1B" -> bytes; throws std::invalid_argument on odd length or a bad digit.
std::string fromHex(std::string_view hex);
std::string toHex(std::string_view bytes);

}  // namespace apogee::testing
