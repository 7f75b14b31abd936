#pragma once
// Indonesian personal-name rules in one place, shared by record linkage (coverage/linkage) and the
// registry's people search: normalisation (titles, degrees, old/new spelling, abbreviations),
// tokens, a phonetic key per token for blocking and fuzzy search, and a similarity score.
//
//   name_tokens("Hj. Siti Djoeariah, S.Pd")   -> {"siti", "juariah"}
//   normalize_name("Moch. Tjahjono")          -> "muhammad cahyono"
//   name_phonetic_key("cahyono")              -> "kn"
//   name_similarity("M. Yusuf", "Mohamad Joesoef") == 1.0
//
// All functions are pure and thread-safe. Input is UTF-8; output is lower-case ASCII.

#include <string>
#include <string_view>
#include <vector>

namespace siklus {

//! Normalised tokens of a full name, in order: lower-case ASCII letters only; leading titles
//! (H., Hj., Dr., Drs., Ir., Prof., …) and academic degrees (S.Pd, S.Kom, M.Kes, anything after a
//! comma that looks like a degree) removed; old spelling modernised (oe→u, dj→j, tj→c, ch→kh,
//! sj→sy, nj→ny, and j→y in tokens written in the old spelling); doubled letters collapsed;
//! abbreviations expanded (M./Moh./Moch./Muh./Mochammad/Mohamad/Muhamad → muhammad, Abd. →
//! abdul, St. → siti, Achmad → ahmad). Connectors bin/binti are dropped. Empty if nothing is
//! left (e.g. "-" or digits only).
std::vector<std::string> name_tokens(std::string_view full_name);

//! name_tokens() joined by single spaces: the canonical form used for equality and search.
std::string normalize_name(std::string_view full_name);

//! Spelling rules and abbreviation table for one token that is already lower-case letters
//! (`first` says whether it is the first token, where a bare "m"/"st" is an abbreviation).
std::string normalize_name_token(std::string_view lower_letters, bool first = false);

//! Phonetic key of one normalised token (as returned by name_tokens): first letter class, then up
//! to three consonant classes with vowels, h, w and y dropped and similar sounds merged (c/k/q/kh,
//! f/p/v, j/y/z, sy/s, ny/n, ng/n). Equal keys mean "sounds alike"; meant for blocking and search
//! indexes, not for deciding a match. Empty for an empty token.
std::string name_phonetic_key(std::string_view token);

//! Phonetic keys of every token of a full name, in token order (duplicates kept).
std::vector<std::string> name_phonetic_keys(std::string_view full_name);

//! Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters).
double jaro_winkler(std::string_view a, std::string_view b);

//! Similarity in [0, 1] of two token lists from name_tokens(): tokens are paired greedily by
//! Jaro–Winkler regardless of order; a one-letter token (initial) pairs with any token starting
//! with that letter at 0.9; tokens left over in the longer name cost 0.1 each, so "Siti Aminah"
//! vs "Aminah" is 0.9 rather than 0.5; the names written without spaces are compared too
//! ("Nurhayati" vs "Nur Hayati" = 1.0) and the higher score wins. 0 if either list is empty.
double name_token_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

//! name_token_similarity() of two raw full names.
double name_similarity(std::string_view a, std::string_view b);

}  // namespace siklus
