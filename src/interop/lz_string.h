#pragma once
// LZ-string's decompressFromEncodedURIComponent (pieroxy/lz-string 1.5), which BPJS VClaim and
// PCare use, after AES-256-CBC, for the `response` field of every answer (domain.md §6.2).
// The JavaScript works on UTF-16 code units; the result here is UTF-8.

#include <optional>
#include <string>
#include <string_view>

namespace siklus::interop {

//! The decompressed text, or nullopt for input that is not a valid LZ-string stream.
std::optional<std::string> lz_decompress_from_encoded_uri_component(std::string_view input);

}  // namespace siklus::interop
