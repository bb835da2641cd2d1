// The story of the year on synthetic events: only the followed agent's events are told, in
// time order under their quarter although orders arrive when they close, with the same numbers
// in both languages; and the --follow text is parsed and resolved with the nearest names.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "narrate/narrator.hpp"

namespace {

using orgsim::core::AssigneeKind;
using orgsim::core::FinalState;
using orgsim::core::Kind;
using orgsim::core::Order;
using orgsim::narrate::Follow;
using orgsim::narrate::FollowKind;
using orgsim::narrate::Language;
using orgsim::narrate::NarratorSink;

orgsim::config::Scenario default_scenario() {
  const auto loaded = orgsim::config::load_scenario({"test", "", {}, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty());
  return *loaded.scenario;
}

orgsim::core::World small_world() {
  orgsim::core::World w;
  w.towns.push_back({});
  w.towns[0].name = "娄桥街道";
  w.branches.push_back({"娄桥街道·村社团组织1", "负责人甲", 0, 0, 1.0});
  w.branches.push_back({"娄桥街道·村社团组织2", "负责人乙", 0, 0, 1.0});
  for (const char* name : {"青年社会组织1", "青年社会组织2"}) {
    orgsim::core::ServiceProvider org;
    org.name = name;
    w.social_orgs.push_back(org);
  }
  w.officials = {{"娄桥街道·团干部1", 0}, {"娄桥街道·团干部2", 0}};
  w.service_points = {{"娄桥街道·便民服务点1", 0}};
  return w;
}

Order served(std::int64_t id, std::int32_t branch, double created_h) {
  Order o;
  o.id = id;
  o.branch = branch;
  o.kind = Kind::kImmediate;
  o.assignee_kind = AssigneeKind::kSocialOrg;
  o.assignee = 1;
  o.created_h = created_h;
  o.dispatched_h = created_h;
  o.started_h = created_h + 1.5;
  o.finished_h = created_h + 3.0;
  o.closed_h = o.finished_h;
  o.targeted = 10;
  o.attended = 8;
  o.votes = 5;
  o.satisfied = 4;
  o.state = FinalState::kServed;
  return o;
}

// Feeds the same events to a narrator of each language.
std::vector<std::string> tell(Follow follow, const std::function<void(NarratorSink&)>& events) {
  const auto scenario = default_scenario();
  std::vector<std::string> stories;
  for (Language language : {Language::kEn, Language::kZh}) {
    NarratorSink sink(language, follow, scenario);
    events(sink);
    stories.push_back(sink.story(small_world()));
  }
  return stories;
}

TEST(Narrator, TellsOnlyTheFollowedBranchInTimeOrderUnderItsQuarter) {
  const auto stories = tell({FollowKind::kBranch, 0}, [](NarratorSink& s) {
    s.on_order_closed(served(7, 0, 2200.0));  // quarter 2, closed first
    s.on_order_closed(served(3, 1, 30.0));    // another branch's
    s.on_order_closed(served(2, 0, 33.25));   // quarter 1, day 1 (Tue 1/2) 09:15
    orgsim::core::InspectionRecord r;
    r.quarter = 0;
    r.branch = 0;
    r.score = 71.25;
    r.rank = 2;
    r.tier = 1;
    r.allowance_yuan = 1200;
    r.noise_points = -2.5;
    r.tier_without_noise = 0;
    r.allowance_without_noise_yuan = 1500;
    s.on_inspection(r);
    r.branch = 1;
    r.rank = 1;
    s.on_inspection(r);
    s.on_branch_activity({0, 100.0, 100.0, orgsim::core::ActivityOutcome::kHeld, 300.0});
  });
  const std::string& en = stories[0];
  EXPECT_EQ(en.find("order #3"), std::string::npos) << en;
  const auto q1 = en.find("—— Quarter 1 (Mon 1/1 00:00 to Mon 4/1 06:00) ——");
  const auto order2 = en.find("  Tue 1/2 09:15  order #2: ");
  const auto activity = en.find("  Fri 1/5 04:00  activity held, cost 300 yuan");
  const auto inspection = en.find("  Mon 4/1 06:00  quarter 1 inspection: ");
  const auto q2 = en.find("—— Quarter 2 ");
  const auto order7 = en.find("order #7: ");
  ASSERT_NE(q1, std::string::npos) << en;
  EXPECT_LT(q1, order2);
  EXPECT_LT(order2, activity);
  EXPECT_LT(activity, inspection);
  EXPECT_LT(inspection, q2);
  EXPECT_LT(q2, order7);
  EXPECT_NE(order7, std::string::npos);
  EXPECT_NE(en.find("→ social organization 青年社会组织2; waited 1.5 h, service 1.5 h, 8 of 10 "
                    "came, 4 of 5 votes satisfied; served and evaluated"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("score 71.2 points, rank 2 of 2, tier 2 of 4, allowance 1200 yuan"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("inspectors' noise in the score: -2.5 points; without it: tier 1, allowance "
                    "1500 yuan (the noise changed the tier)"),
            std::string::npos);
  EXPECT_NE(en.find("  Quarter 1 in all: orders 1 (served and evaluated: 1); escalated 0; "
                    "activities held 1, cancelled 0; tier 2, rank 2, allowance 1200 yuan"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("The whole run: orders 2 (served and evaluated: 2)"), std::string::npos);

  const std::string& zh = stories[1];
  EXPECT_NE(zh.find("  1月2日 周二 09:15  第2号单：群众所求，线上，即办件，"), std::string::npos)
      << zh;
  EXPECT_NE(zh.find("排名第2（共2个），第2档（共4档），补贴1200元"), std::string::npos) << zh;
  EXPECT_NE(zh.find("全程合计：点单2件（已服务并评价2件）"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("第3号单"), std::string::npos);
}

TEST(Narrator, AnOrdersPathKeepsItsStepsInOrderAndAnAbsentOrderIsSaidSo) {
  const auto stories = tell({FollowKind::kOrder, 5}, [](NarratorSink& s) {
    s.on_decline({5, 0, 10.0, 0.81, 0.6});  // at the moment it was placed
    Order o = served(5, 0, 10.0);
    o.declines = 1;
    s.on_order_closed(o);
  });
  const std::string& en = stories[0];
  const auto placed =
      en.find("Mon 1/1 10:00  placed by the public (群众所求), online, from branch");
  const auto declined = en.find("Mon 1/1 10:00  青年社会组织1 declined it: its running rate 81.0%");
  const auto dispatched =
      en.find("Mon 1/1 10:00  dispatched (派单) to social organization 青年社会组织2");
  const auto started =
      en.find("Mon 1/1 11:30  social organization 青年社会组织2 started the service");
  ASSERT_NE(placed, std::string::npos) << en;
  EXPECT_LT(placed, declined);
  EXPECT_LT(declined, dispatched);
  EXPECT_LT(dispatched, started);
  EXPECT_NE(started, std::string::npos) << en;

  const auto absent = tell({FollowKind::kOrder, 99}, [](NarratorSink& s) {
    s.on_order_closed(served(0, 0, 1.0));
    s.on_order_closed(served(1, 0, 2.0));
  });
  EXPECT_NE(absent[0].find("order #99 did not occur in this run: it placed 2 orders (#0 to #1)"),
            std::string::npos)
      << absent[0];
  EXPECT_NE(absent[1].find("本次运行中没有第99号单：共点单2件（第0号至第1号）"), std::string::npos);
}

TEST(Narrator, AnOfficialsShiftsCoversAndColleaguesCovers) {
  using orgsim::core::DutyRole;
  const auto stories = tell({FollowKind::kOfficial, 0}, [](NarratorSink& s) {
    s.on_duty_shift({DutyRole::kOfficial, 0, 0, 9.0, 4.0, true});
    s.on_duty_shift({DutyRole::kOfficial, 0, 0, 33.0, 0.0, false});
    s.on_duty_shift({DutyRole::kOfficial, 1, 0, 57.0, 4.0, true, 0});  // 2 covered for 1
    s.on_duty_shift({DutyRole::kOfficial, 0, 0, 81.0, 4.0, true, 1});  // 1 covered for 2
    s.on_duty_shift({DutyRole::kOrgMember, 0, 0, 9.0, 4.0, true});     // not an official
  });
  EXPECT_NE(stories[0].find("The whole run: shifts 3, attended 2 (covering a colleague 1), "
                            "missed 1, covered by colleagues 1; on duty 8.0 h"),
            std::string::npos)
      << stories[0];
  EXPECT_NE(stories[0].find("colleague 娄桥街道·团干部2 covered this official's shift"),
            std::string::npos);
  EXPECT_NE(
      stories[1].find("全程合计：班次3个，到岗2个（其中替同事顶班1个），缺岗1个，由同事顶班1个；"
                      "值班共8.0小时"),
      std::string::npos)
      << stories[1];
}

TEST(Narrator, FollowIsParsedAndResolvedWithTheNearestNames) {
  using orgsim::narrate::parse_follow;
  using orgsim::narrate::resolve_follow;
  EXPECT_TRUE(parse_follow("branch=娄桥街道·村社团组织1").problem.empty());
  EXPECT_EQ(parse_follow("organization=2").kind, FollowKind::kOrg);
  EXPECT_NE(parse_follow("village=1").problem.find("unknown kind 'village'"), std::string::npos);
  EXPECT_NE(parse_follow("branch").problem.find("not KIND=NAME"), std::string::npos);
  EXPECT_NE(parse_follow("order=-3").problem.find("not an order id"), std::string::npos);
  const auto world = small_world();
  EXPECT_EQ(resolve_follow(parse_follow("branch=娄桥街道·村社团组织2"), world).follow->id, 1);
  EXPECT_EQ(resolve_follow(parse_follow("org=1"), world).follow->id, 1);
  EXPECT_EQ(resolve_follow(parse_follow("order=123456"), world).follow->id, 123456);
  const auto missing = resolve_follow(parse_follow("official=娄桥街道·团干部3"), world);
  EXPECT_FALSE(missing.follow);
  EXPECT_EQ(missing.problem,
            "--follow official=娄桥街道·团干部3: no such official; allowed: an official's name or "
            "index (0 to 1); nearest: 娄桥街道·团干部1, 娄桥街道·团干部2");
}

}  // namespace
