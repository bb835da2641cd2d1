#pragma once
// The one message catalogue of the story of the year and the explanations (issue 6): every
// sentence and domain term in Chinese and in English, under one id, with {name} placeholders.
// Code never branches on the language: it picks a message id and fills its placeholders, so
// both languages say the same thing from the same numbers. Terms follow the glossary of
// ../shared/DOMAIN.md (点单/派单/评单, 两率, 孵化, 补贴分档, ...).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orgsim::narrate {

enum class Language { kZh, kEn };

// "zh" or "en"; empty for anything else.
std::optional<Language> parse_language(std::string_view word);

struct Arg {
  std::string_view name;
  std::string value;
};

// Message `id` in `language`, each {name} replaced by the argument of that name. An unknown
// id, or a placeholder without an argument, is a bug: std::logic_error.
std::string say(Language language, std::string_view id, std::initializer_list<Arg> args = {});

// Every id in the catalogue, and its raw text (for the test that both languages are complete
// and use the same placeholders).
std::vector<std::string_view> message_ids();
std::string_view message_text(Language language, std::string_view id);

// Numbers as the messages show them: fixed with `decimals` digits; integers with no decimals.
std::string fixed(double value, int decimals);
std::string integer(long long value);
// A percentage of a share in [0, 1], with one decimal: "12.5%".
std::string percent(double share);

}  // namespace orgsim::narrate
