#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"

// Config files of the broker (topics.json, consumerOffset.json, ...): whole
// files, replaced atomically.
namespace apogee::broker {

// Writes `content` to `path` so that a crash leaves either the old or the new
// file: write a temporary file next to it, fsync it, rename it over `path`,
// fsync the directory. Creates the directory if needed.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// The file's content, or nullopt when it does not exist.
Result<std::optional<std::string>> readFileIfExists(const std::filesystem::path& path);

}  // namespace apogee::broker
