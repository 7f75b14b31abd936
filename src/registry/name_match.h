#pragma once
// Name matching used by the people index: thin names over core/indonesian_name.h so the index
// reads in its own terms (tokens, phonetic key, similarity).

#include <string>
#include <string_view>
#include <vector>

#include "core/indonesian_name.h"

namespace siklus::registry::names {

//! Normalized tokens (titles and degrees dropped, old spelling modernized).
inline std::vector<std::string> tokens(std::string_view name) { return name_tokens(name); }
//! Phonetic key of one normalized token ("sounds alike" blocking key).
inline std::string phonetic(std::string_view token) { return name_phonetic_key(token); }
//! Similarity of two normalized tokens in [0, 1] (Jaro–Winkler).
inline double similarity(std::string_view a, std::string_view b) { return jaro_winkler(a, b); }

}  // namespace siklus::registry::names
