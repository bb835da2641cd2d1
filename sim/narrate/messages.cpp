#include "narrate/messages.hpp"

#include <cstdio>
#include <map>
#include <stdexcept>

namespace orgsim::narrate {
namespace {

struct Message {
  const char* id;
  const char* zh;
  const char* en;
};

// Each block belongs to the code named in its heading; add messages to your own block.
const Message kMessages[] = {
    // ---- domain terms (the glossary) ----
    {"source.public", "群众所求", "the public (群众所求)"},
    {"source.party_gov", "党政所需", "party and government (党政所需)"},
    {"source.league_menu", "共青团所能", "the league's menu (共青团所能)"},
    {"channel.online", "线上", "online"},
    {"channel.offline", "线下", "in person"},
    {"channel.assigned", "派发", "assigned"},
    {"kind.immediate", "即办件", "immediate item (即办件)"},
    {"kind.non_immediate", "非即办件", "non-immediate item (非即办件)"},
    {"kind.special", "特殊需求", "special need (特殊需求)"},
    {"assignee.none", "无", "nobody"},
    {"assignee.social_org", "社会组织", "social organization"},
    {"assignee.partner_unit", "共建结对单位", "partner unit"},
    {"assignee.district_committee", "团区委", "the district committee (团区委)"},
    {"state.served", "已服务并评价", "served and evaluated"},
    {"state.gave_up", "服务点未开放，群众离开", "gave up (the service point was closed)"},
    {"state.cancelled_no_venue", "因无阵地取消", "cancelled: no venue"},
    {"state.cancelled_no_money", "因无经费取消", "cancelled: no money"},
    {"state.open_at_year_end", "期末仍未办结", "still open at the end"},
    {"decision.incubated", "予以孵化", "incubated"},
    {"decision.denied", "不予孵化", "denied incubation"},
    {"decision.not_enough_data", "评价不足，暂不判定", "not judged: not enough data"},
    {"support.kept", "扶持不变", "support kept"},
    {"support.shrunk", "扶持缩减", "support cut"},
    {"support.exited", "退出", "left"},
    {"tier.name", "第{n}档", "tier {n}"},
    {"time.at", "第{day}天 {hh}:{mm}", "day {day} {hh}:{mm}"},
    {"component.orders", "点单数", "orders placed"},
    {"component.answered", "按时回音", "answered on time"},
    {"component.activities", "开展活动", "activities held"},
    {"component.contacts", "联系青年", "youths contacted"},
    {"component.duty", "轮值到岗", "duty attendance"},
    {"component.satisfaction", "群众满意", "satisfaction"},

    // ---- the story of the year (narrator.cpp) ----

    // ---- explanations (explain*.cpp) ----
};

const std::map<std::string_view, const Message*>& index() {
  static const auto* table = [] {
    auto* m = new std::map<std::string_view, const Message*>();
    for (const Message& message : kMessages)
      if (!m->emplace(message.id, &message).second)
        throw std::logic_error(std::string("message id twice in the catalogue: ") + message.id);
    return m;
  }();
  return *table;
}

}  // namespace

std::optional<Language> parse_language(std::string_view word) {
  if (word == "zh") return Language::kZh;
  if (word == "en") return Language::kEn;
  return std::nullopt;
}

std::string_view message_text(Language language, std::string_view id) {
  const auto found = index().find(id);
  if (found == index().end())
    throw std::logic_error("no message " + std::string(id) + " in the catalogue");
  return language == Language::kZh ? found->second->zh : found->second->en;
}

std::vector<std::string_view> message_ids() {
  std::vector<std::string_view> ids;
  for (const Message& message : kMessages) ids.emplace_back(message.id);
  return ids;
}

std::string say(Language language, std::string_view id, std::initializer_list<Arg> args) {
  const std::string_view text = message_text(language, id);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '{') {
      out += text[i++];
      continue;
    }
    const auto close = text.find('}', i);
    if (close == std::string_view::npos)
      throw std::logic_error("unclosed placeholder in message " + std::string(id));
    const std::string_view name = text.substr(i + 1, close - i - 1);
    const Arg* arg = nullptr;
    for (const Arg& a : args)
      if (a.name == name) arg = &a;
    if (arg == nullptr)
      throw std::logic_error("message " + std::string(id) + " needs {" + std::string(name) + "}");
    out += arg->value;
    i = close + 1;
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string integer(long long value) { return std::to_string(value); }

std::string percent(double share) { return fixed(100.0 * share, 1) + "%"; }

}  // namespace orgsim::narrate
