// The message catalogue of the story and the explanations, and finding entities by name.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "narrate/entity_lookup.hpp"
#include "narrate/messages.hpp"

using orgsim::narrate::find_by_name_or_id;
using orgsim::narrate::Language;
using orgsim::narrate::say;

namespace {

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  const std::string s(text);
  const std::regex placeholder(R"(\{([a-z_0-9]+)\})");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), placeholder);
       it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  return names;
}

}  // namespace

TEST(MessageCatalogue, EveryMessageHasBothLanguagesWithTheSamePlaceholders) {
  const auto ids = orgsim::narrate::message_ids();
  ASSERT_FALSE(ids.empty());
  for (auto id : ids) {
    const auto zh = orgsim::narrate::message_text(Language::kZh, id);
    const auto en = orgsim::narrate::message_text(Language::kEn, id);
    EXPECT_FALSE(zh.empty()) << id;
    EXPECT_FALSE(en.empty()) << id;
    EXPECT_EQ(placeholders(zh), placeholders(en)) << id;
  }
}

TEST(MessageCatalogue, FillsPlaceholdersAndRefusesMissingOnes) {
  EXPECT_EQ(say(Language::kZh, "tier.name", {{"n", "2"}}), "第2档");
  EXPECT_EQ(say(Language::kEn, "tier.name", {{"n", "2"}}), "tier 2");
  EXPECT_THROW(say(Language::kEn, "tier.name"), std::logic_error);
  EXPECT_THROW(say(Language::kEn, "no.such.message"), std::logic_error);
  EXPECT_EQ(orgsim::narrate::parse_language("zh"), Language::kZh);
  EXPECT_FALSE(orgsim::narrate::parse_language("fr"));
  EXPECT_EQ(orgsim::narrate::percent(0.125), "12.5%");
}

TEST(EntityLookup, ExactNameThenIdElseTheNearestNames) {
  const std::vector<std::string> names = {"娄桥街道·村社团组织1", "娄桥街道·村社团组织2",
                                          "景山街道·村社团组织1", "泽雅镇·村社团组织1"};
  EXPECT_EQ(find_by_name_or_id(names, "景山街道·村社团组织1").id, 2);
  EXPECT_EQ(find_by_name_or_id(names, " 3 ").id, 3);
  const auto missing = find_by_name_or_id(names, "娄桥街道·村社团组织9");
  EXPECT_FALSE(missing.id);
  ASSERT_EQ(missing.nearest.size(), 4u);
  // One character off: the two 娄桥 branches come first.
  EXPECT_EQ(missing.nearest[0], "娄桥街道·村社团组织1");
  EXPECT_EQ(missing.nearest[1], "娄桥街道·村社团组织2");
  EXPECT_FALSE(find_by_name_or_id(names, "4").id);  // out of range: not an id
}
