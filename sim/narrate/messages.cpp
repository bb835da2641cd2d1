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
    {"time.date", "{month}月{day}日 {weekday} {hh}:{mm}", "{weekday} {month}/{day} {hh}:{mm}"},
    {"weekday.0", "周一", "Mon"},
    {"weekday.1", "周二", "Tue"},
    {"weekday.2", "周三", "Wed"},
    {"weekday.3", "周四", "Thu"},
    {"weekday.4", "周五", "Fri"},
    {"weekday.5", "周六", "Sat"},
    {"weekday.6", "周日", "Sun"},
    {"component.orders", "点单数", "orders placed"},
    {"component.answered", "按时回音", "answered on time"},
    {"component.activities", "开展活动", "activities held"},
    {"component.contacts", "联系青年", "youths contacted"},
    {"component.duty", "轮值到岗", "duty attendance"},
    {"component.satisfaction", "群众满意", "satisfaction"},

    // ---- the story of the year (narrator.cpp) ----
    {"story.title.branch", "村社团组织“{name}”（{town}，第{area}片区，兼职负责人：{leader}）的一年",
     "The year of branch {name} ({town}, area {area}; part-time leader {leader})"},
    {"story.title.org", "社会组织“{name}”（{town}）的一年",
     "The year of social organization {name} ({town})"},
    {"story.title.official", "团干部“{name}”（{town}）的轮值轮班",
     "The duty rota (轮值轮班) of official {name} ({town})"},
    {"story.title.order", "第{id}号单的经过", "The path of order #{id}"},
    {"story.title.dates", "（时间为日期与钟点；运行从 {date} 星期一开始）",
     "(times are dates and hours; the run starts on Monday {date})"},
    {"story.title.times", "（时间为运行的第几天与钟点；第0天是星期一）",
     "(times are the day of the run and the hour; day 0 is a Monday)"},
    {"story.quarter", "—— 第{q}季度（{from} 至 {to}）——", "—— Quarter {q} ({from} to {to}) ——"},
    {"story.hours", "{h}小时", "{h} h"},
    {"story.yuan", "{yuan}元", "{yuan} yuan"},
    {"story.sep", "、", ", "},
    {"story.none", "无", "none"},
    {"story.state_count", "{state}{n}件", "{state}: {n}"},
    {"story.assignee", "{kind}“{name}”", "{kind} {name}"},
    {"story.category", "类别 {name}", "category {name}"},
    {"story.activity_order", "（活动，需阵地）", " (an activity: needs a venue)"},
    {"story.outcome.wait", "；等待{wait}", "; waited {wait}"},
    {"story.outcome.not_started", "；未开始服务", "; never started"},
    {"story.outcome.service", "，服务{hours}", ", service {hours}"},
    {"story.outcome.votes", "，到场{attended}/{targeted}人，满意{satisfied}/{votes}票",
     ", {attended} of {targeted} came, {satisfied} of {votes} votes satisfied"},
    {"story.outcome.state", "；{state}", "; {state}"},
    {"story.outcome.escalated", "；超过{deadline}未回音，已督办",
     "; escalated (督办): not answered within {deadline}"},
    {"story.outcome.declined", "；先被{n}个社会组织拒单", "; declined first by organizations: {n}"},
    {"story.outcome.steered", "；点名要排行榜第一的组织",
     "; asked for the top-ranked organization"},
    {"story.branch.order",
     "第{id}号单：{source}，{channel}，{kind}{activity}，{category} → {assignee}{outcome}",
     "order #{id}: {source}, {channel}, {kind}{activity}, {category} → {assignee}{outcome}"},
    {"story.activity.held", "开展活动，花费{cost}", "activity held, cost {cost}"},
    {"story.activity.no_venue", "活动因无阵地取消（预算{cost}）",
     "activity cancelled: no venue in time (budgeted {cost})"},
    {"story.activity.no_money", "活动因无经费取消（需{cost}）",
     "activity cancelled: no money (it would cost {cost})"},
    {"story.activity.planned", "（原定{planned}，等候阵地）",
     " (planned for {planned}; it waited for a venue)"},
    {"story.component", "{name}{value}", "{name} {value}"},
    {"story.inspection",
     "第{q}季度督查：{components} → "
     "得分{score}分，排名第{rank}（共{of}个），{tier}（共{tiers}档），"
     "补贴{allowance}；负责人努力程度{effort}",
     "quarter {q} inspection: {components} → score {score} points, rank {rank} of {of}, {tier} "
     "of {tiers}, allowance {allowance}; the leader's effort {effort}"},
    {"story.inspection.noise", "得分中督查误差{noise}分；若无误差则为{tier}，补贴{allowance}",
     "inspectors' noise in the score: {noise} points; without it: {tier}, allowance {allowance}"},
    {"story.inspection.noise_changed", "（误差改变了档次）", " (the noise changed the tier)"},
    {"story.branch.quarter",
     "第{q}季度小结：点单{orders}件（{states}）；督办{escalated}件；开展活动{held}次，取消{"
     "cancelled}次",
     "Quarter {q} in all: orders {orders} ({states}); escalated {escalated}; activities held "
     "{held}, cancelled {cancelled}"},
    {"story.branch.quarter_tier", "；{tier}，排名第{rank}，补贴{allowance}",
     "; {tier}, rank {rank}, allowance {allowance}"},
    {"story.branch.total",
     "全程合计：点单{orders}件（{states}）；督办{escalated}件；开展活动{held}次，取消{cancelled}"
     "次；"
     "补贴共{allowance}",
     "The whole run: orders {orders} ({states}); escalated {escalated}; activities held {held}, "
     "cancelled {cancelled}; allowance {allowance} in all"},
    {"story.org.order",
     "第{id}号单来自{branch}：{source}，{channel}，{kind}{activity}，{category}{outcome}",
     "order #{id} from {branch}: {source}, {channel}, {kind}{activity}, {category}{outcome}"},
    {"story.org.decline", "拒接第{id}号单：当时两率综合{standing}，预计本次{expected}",
     "declined order #{id}: its running rate {standing}, it expected {expected} from this service"},
    {"story.org.decline_then", "；此单来自{branch}，后由{assignee}承接（{state}）",
     "; the order, from {branch}, then went to {assignee}: {state}"},
    {"story.org.incubation",
     "第{year}年度孵化评定：评价{evaluations}次；群众吸引率{attraction}（到场{attended}/"
     "{targeted}人），"
     "群众满意率{satisfaction}（满意{satisfied}/{votes}票）",
     "year {year} incubation (孵化) decision: {evaluations} services evaluated; attraction rate "
     "{attraction} ({attended} of {targeted} people came), satisfaction rate {satisfaction} "
     "({satisfied} of {votes} votes)"},
    {"story.org.judged",
     "按规则（{rule}，{estimator}）评定：吸引率{judged_a}，满意率{judged_s} → {decision}",
     "the rule ({rule}, {estimator}) judged attraction {judged_a}, satisfaction {judged_s} → "
     "{decision}"},
    {"story.org.judged_none", "按规则（{rule}，{estimator}）无两率可评 → {decision}",
     "the rule ({rule}, {estimator}) had no rate to judge → {decision}"},
    {"rule.both", "两率均不低于{t}", "both rates at least {t}"},
    {"rule.mean", "两率平均不低于{t}", "the mean of the two rates at least {t}"},
    {"rule.weighted", "吸引率×{w}＋满意率×(1−{w})不低于{t}",
     "attraction x {w} + satisfaction x (1 - {w}) at least {t}"},
    {"story.org.truth", "真实质量（规则看不到）：吸引{true_a}，满意{true_s}；{verdict}",
     "true quality (hidden from the rule): attraction {true_a}, satisfaction {true_s}; {verdict}"},
    {"story.org.truly_good", "按参照标准达标", "good by the reference standard"},
    {"story.org.truly_bad", "按参照标准未达标", "below the reference standard"},
    {"story.org.support", "下一年：{support}，工作人员{staff}名",
     "next year: {support}, staff {staff}"},
    {"story.year_decision", "第{year}年{decision}", "year {year} {decision}"},
    {"story.org.quarter",
     "第{q}季度小结：承接{orders}件（{states}）；评价{votes}票，满意{satisfied}票；拒单{declines}"
     "次",
     "Quarter {q} in all: orders taken {orders} ({states}); votes {votes}, satisfied "
     "{satisfied}; declined {declines}"},
    {"story.org.total",
     "全程合计：承接{orders}件（{states}）；到场{attended}/{targeted}人，满意{satisfied}/"
     "{votes}票；"
     "拒单{declines}次；孵化：{decisions}",
     "The whole run: orders taken {orders} ({states}); {attended} of {targeted} people came, "
     "{satisfied} of {votes} votes satisfied; declined {declines}; incubation: {decisions}"},
    {"story.official.shift", "在{point}值班{hours}", "on duty at {point} for {hours}"},
    {"story.official.missed", "缺岗：{point}的班次", "missed the shift at {point}"},
    {"story.official.covering", "替同事{colleague}在{point}顶班{hours}",
     "covered colleague {colleague}'s shift at {point} for {hours}"},
    {"story.official.covered_by", "同事{colleague}替其在{point}顶班{hours}",
     "colleague {colleague} covered this official's shift at {point} for {hours}"},
    {"story.official.quarter",
     "第{q}季度小结：班次{shifts}个，到岗{attended}个（其中替同事顶班{covering}个），缺岗{missed}"
     "个，"
     "由同事顶班{covered}个；值班共{hours}",
     "Quarter {q} in all: shifts {shifts}, attended {attended} (covering a colleague "
     "{covering}), missed {missed}, covered by colleagues {covered}; on duty {hours}"},
    {"story.official.total",
     "全程合计：班次{shifts}个，到岗{attended}个（其中替同事顶班{covering}个），缺岗{missed}个，"
     "由同事顶班{covered}个；值班共{hours}",
     "The whole run: shifts {shifts}, attended {attended} (covering a colleague {covering}), "
     "missed {missed}, covered by colleagues {covered}; on duty {hours}"},
    {"story.order.placed",
     "{source}点单（{channel}），来自{branch}（{town}）：{kind}{activity}，{category}",
     "placed by {source}, {channel}, from branch {branch} ({town}): {kind}{activity}, {category}"},
    {"story.order.steered", "点名要排行榜第一的组织", "it asked for the top-ranked organization"},
    {"story.order.dispatched", "派单给{assignee}", "dispatched (派单) to {assignee}"},
    {"story.order.declined", "{org}拒单：当时两率综合{standing}，预计本次{expected}",
     "{org} declined it: its running rate {standing}, it expected {expected} from this service"},
    {"story.order.escalated", "{deadline}内未回音，督办",
     "not answered within {deadline}: escalated (督办)"},
    {"story.order.left_to_committee", "{n}个社会组织拒单后，交由团区委办理",
     "left to the district committee (团区委) after {n} organization(s) declined it"},
    {"story.order.started", "{assignee}开始服务（已回音），距点单{wait}",
     "{assignee} started the service (answered) after a wait of {wait}"},
    {"story.order.finished",
     "服务结束，历时{hours}：到场{attended}/{targeted}人，满意{satisfied}/{votes}票",
     "service finished after {hours}: {attended} of {targeted} people came, {satisfied} of "
     "{votes} votes satisfied"},
    {"story.order.cost", "，花费{cost}", ", cost {cost}"},
    {"story.order.closed", "办结：{state}", "closed: {state}"},
    {"story.order.open", "运行结束时：{state}", "when the run ended: {state}"},
    {"story.order.total", "结果：{state}", "In the end: {state}"},
    {"story.order.absent", "本次运行中没有第{id}号单：共点单{n}件（第0号至第{last}号）",
     "order #{id} did not occur in this run: it placed {n} orders (#0 to #{last})"},

    // ---- explanations (explain*.cpp) ----
    {"explain.list_separator", "、", ", "},
    {"explain.branch.title",
     "{branch}（{town}，第{area}片区）第{quarter}季度（第{year}年）为何是{tier}",
     "Why {branch} ({town}, area {area}) was in {tier} in quarter {quarter} (year {year})"},
    {"explain.branch.leader", "兼职村社团组织负责人：{leader}；本季度努力程度 {effort}（1 为正常）",
     "Part-time branch leader: {leader}; effort this quarter {effort} (1 = normal)"},
    {"explain.branch.components_head",
     "季度督查六项得分（0–1；与本片区、全区均值对比；分值 = 100 × 权重 × 得分）：",
     "The six inspection components (0-1; against the area's and the district's mean; "
     "points = 100 x weight x value):"},
    {"explain.branch.component",
     "  {component}：{value}（片区均值 {area_mean}，全区均值 {district_mean}）× 权重 {weight} = "
     "{points} 分",
     "  {component}: {value} (area mean {area_mean}, district mean {district_mean}) x weight "
     "{weight} = {points} points"},
    {"explain.branch.score",
     "加权分 {weighted} 分，督查误差 {noise} 分（考核小组偏差与本次督查误差），得分 {score} 分。",
     "Weighted points {weighted}, inspectors' noise {noise} points (the group's bias and the "
     "visit's noise): score {score}."},
    {"explain.branch.scheme.rank_share",
     "补贴分档（第1档最高）：按季度排名比例 {shares}，各档补贴 {amounts} 元/季度。",
     "Allowance tiers (补贴分档; tier 1 is the top) by shares of the ranking: {shares}; amounts "
     "{amounts} yuan a quarter."},
    {"explain.branch.scheme.score_cutoff",
     "补贴分档（第1档最高）：按得分分数线 {cutoffs}，各档补贴 {amounts} 元/季度。",
     "Allowance tiers (补贴分档; tier 1 is the top) by score cut-offs: {cutoffs}; amounts "
     "{amounts} yuan a quarter."},
    {"explain.branch.rank.district",
     "全区季度排名第 {rank} 名（共 {ranked} 个）→ {tier}，本季度工作补贴 {allowance} 元。",
     "Rank {rank} of {ranked} in the district → {tier}, allowance {allowance} yuan this quarter."},
    {"explain.branch.rank.area",
     "片区内季度排名第 {rank} 名（共 {ranked} 个）→ {tier}，本季度工作补贴 {allowance} 元。",
     "Rank {rank} of {ranked} in its area → {tier}, allowance {allowance} yuan this quarter."},
    {"explain.branch.cutoff.rank_share",
     "{tier}分数线（本季度排名范围内进入该档的最低分）：{cutoff} 分。",
     "Cut-off of {tier} (the lowest score that reached it in the ranking this quarter): {cutoff}."},
    {"explain.branch.cutoff.score", "{tier}分数线（分档方案规定）：{cutoff} 分。",
     "Cut-off of {tier} (set by the scheme): {cutoff}."},
    {"explain.branch.bottom", "{tier}为最低档，没有分数线。",
     "It is in the bottom tier, {tier}, which has no cut-off."},
    {"explain.branch.ranks_needed", "排名前 {rank} 名进入{tier}。",
     "Ranks 1 to {rank} reach {tier}."},
    {"explain.branch.top", "已是最高档，没有更高一档。",
     "It is in the top tier: there is no tier above."},
    {"explain.branch.gap",
     "距上一档（{tier}，补贴 {allowance} 元）差 {gap} 分。单项单独弥补所需提高（差距 ÷ (100 × "
     "权重)）：",
     "Gap to the tier above ({tier}, allowance {allowance} yuan): {gap} points. The rise of one "
     "component alone that would have closed it (gap / (100 x weight)):"},
    {"explain.branch.close.could",
     "  {component}：需提高 {increase}（{value} → {target}），可以弥补",
     "  {component}: +{increase} ({value} → {target}): could close it"},
    {"explain.branch.close.could_not",
     "  {component}：需提高 {increase}，最多只能提高 {room}，无法单独弥补",
     "  {component}: +{increase} needed, at most +{room} possible: could not"},
    {"explain.branch.close.zero_weight", "  {component}：权重为 0，无法弥补",
     "  {component}: weight 0: could not"},
    {"explain.branch.close.some", "可单独弥补差距的单项：{components}。",
     "Components that alone would have closed the gap: {components}."},
    {"explain.branch.close.none", "没有任何单项能单独弥补差距。",
     "No component alone would have closed the gap."},
    {"explain.branch.noise.against_gap",
     "督查误差使得分减少 {points} 分，占差距的 {share}（不计误差得分 {without} 分）。",
     "The inspectors' noise took {points} points off the score: {share} of the gap (score without "
     "noise {without})."},
    {"explain.branch.noise.against",
     "督查误差使得分减少 {points} 分（不计误差得分 {without} 分）。",
     "The inspectors' noise took {points} points off the score (score without noise {without})."},
    {"explain.branch.noise.for_gap",
     "督查误差使得分增加 {points} 分，差距与误差无关；不计误差则差 {gap} 分（不计误差得分 "
     "{without} 分）。",
     "The inspectors' noise added {points} points: none of the gap is due to it; without it the "
     "gap would have been {gap} points (score without noise {without})."},
    {"explain.branch.noise.for", "督查误差使得分增加 {points} 分（不计误差得分 {without} 分）。",
     "The inspectors' noise added {points} points (score without noise {without})."},
    {"explain.branch.noise.margin", "得分高出本档分数线 {margin} 分，其中 {share} 来自督查误差。",
     "Its score was {margin} points above its tier's cut-off; {share} of that margin is the "
     "noise."},
    {"explain.branch.noise.lowest", "其得分正是{tier}的最低分：不计本身的督查误差即低于分数线。",
     "Its score was the lowest in {tier}: without its own noise it would have been below the "
     "cut-off."},
    {"explain.branch.noise.same_tier",
     "若所有得分均不含督查误差，仍为{tier}（补贴 {allowance} 元）：误差未改变档次。",
     "Had no score carried noise, it would have been in {tier} too (allowance {allowance} yuan): "
     "the noise did not change its tier."},
    {"explain.branch.noise.other_tier",
     "若所有得分均不含督查误差，则为{tier}（补贴 {allowance} 元）：误差改变了档次，本季度因此"
     "{direction} {difference} 元。",
     "Had no score carried noise, it would have been in {tier} (allowance {allowance} yuan): the "
     "noise changed its tier, and it got {difference} yuan {direction} this quarter."},
    {"explain.branch.noise.less", "少得", "less"},
    {"explain.branch.noise.more", "多得", "more"},
    {"explain.rate.attraction", "群众吸引率", "attraction rate (群众吸引率)"},
    {"explain.rate.satisfaction", "群众满意率", "satisfaction rate (群众满意率)"},
    {"explain.combine.both", "两率均须达到门槛", "both rates must reach it"},
    {"explain.combine.mean", "两率平均须达到门槛", "their mean must reach it"},
    {"explain.combine.weighted", "吸引率 × {w} + 满意率 × (1 − {w}) 须达到门槛",
     "attraction x {w} + satisfaction x (1 - {w}) must reach it"},
    {"explain.estimator.raw", "按原始比率", "the raw ratio"},
    {"explain.estimator.wilson", "按 Wilson 区间下限（置信度 {c}）",
     "the Wilson lower bound at {c}"},
    {"explain.estimator.wilson_upper", "按 Wilson 区间上限（置信度 {c}）",
     "the Wilson upper bound at {c}"},
    {"explain.estimator.bayes", "按贝叶斯后验均值（先验均值 {m}，强度 {s}）",
     "the Bayesian posterior mean (prior mean {m}, strength {s})"},
    {"explain.pooling.pooled", "全年合计", "pooled over the year"},
    {"explain.pooling.per_event", "逐次服务平均", "the mean of each service's own ratio"},
    {"explain.verdict.pass", "达到门槛", "passes"},
    {"explain.verdict.fail", "未达门槛", "fails"},
    {"explain.standard.good", "达标", "good"},
    {"explain.standard.below", "未达标", "below the standard"},
    {"explain.standard.both", "两项真实质量均不低于 {t}", "both true qualities at least {t}"},
    {"explain.standard.mean", "两项真实质量的平均不低于 {t}",
     "the mean of the true qualities at least {t}"},
    {"explain.standard.weighted", "吸引 × {w} + 满意 × (1 − {w}) 不低于 {t}",
     "attraction × {w} + satisfaction × (1 − {w}) at least {t}"},
    {"explain.standard.waits_excluded", "，不计等待", ", waits excluded"},
    {"explain.standard.waits_included", "，按群众实际感受（计入等待）",
     ", as experienced (waits included)"},
    {"explain.org.entered", "{org}于第{year}年进入本区。", "{org} entered in year {year}."},
    {"explain.org.no_decision", "{org}第{year}年没有孵化评定记录。",
     "No incubation (孵化) decision about {org} in year {year}."},
    {"explain.org.title", "{org}（{town}）第{year}年：{decision}",
     "{org} ({town}), year {year}: {decision}"},
    {"explain.org.tally", "全年评价服务 {evaluations} 次（两率）：",
     "{evaluations} services evaluated in the year (the two rates, 两率):"},
    {"explain.org.rate", "  {rate_name}：{part}/{whole} = {rate}（95% 置信区间 {low}–{high}）",
     "  {rate_name}: {part} of {whole} = {rate} (95% Wilson interval {low} to {high})"},
    {"explain.org.rate_none", "  {rate_name}：无（分母为 0）",
     "  {rate_name}: none (nothing to divide by)"},
    {"explain.org.rule",
     "孵化规则：门槛 {threshold}，{combine}，{estimator}，{pooling}，至少评价 {min} 次。",
     "The rule: threshold {threshold}, {combine}, by {estimator}, {pooling}, minimum evaluations "
     "{min}."},
    {"explain.org.few_evaluations", "评价 {evaluations} 次，少于规则要求的 {min} 次：评价不足。",
     "{evaluations} evaluations, fewer than the {min} the rule asks for: not enough data."},
    {"explain.org.no_rate", "无法计算两率（无服务对象或无投票）：评价不足。",
     "No rate can be computed (nobody targeted or no vote): not enough data."},
    {"explain.org.judged",
     "规则评定的两率：吸引率 {attraction}，满意率 {satisfaction}；与门槛比较的值 {combined}，门槛 "
     "{threshold}：{verdict}。",
     "The rates the rule judged: attraction {attraction}, satisfaction {satisfaction}; the value "
     "compared with the threshold: {combined} against {threshold}: {verdict}."},
    {"explain.org.decision", "结果：{decision}。", "Decision: {decision}."},
    {"explain.org.mismatch", "注意：按记录的计数重新评定为“{recomputed}”，与记录不符。",
     "Note: the rule on the recorded counts gives \"{recomputed}\", not the recorded decision."},
    {"explain.org.truth", "真实质量（规则看不到）：吸引 {qa}，满意 {qs}。",
     "True qualities (hidden from the rule): attraction {qa}, satisfaction {qs}."},
    {"explain.org.experienced",
     "群众实际感受到的质量（计入当年等待的影响）：吸引 {ea}，满意 {es}。",
     "As its public experienced them, lowered by the year's waits: attraction {ea}, "
     "satisfaction {es}."},
    {"explain.org.standard",
     "参照标准（{standard}，对每个政策都相同）：{good}；本政策自己的规则对真实质量{verdict}。",
     "Against the reference standard ({standard}; the same for every policy): {good}; the "
     "policy's own rule {verdict} on the true qualities."},
    {"explain.org.wrongly_denied", "因此属于误拒：按参照标准达标，却不予孵化。",
     "So it was wrongly denied: good by the reference standard, yet denied."},
    {"explain.org.wrongly_incubated", "因此属于误孵：按参照标准未达标，却予以孵化。",
     "So it was wrongly incubated: below the reference standard, yet incubated."},
    {"explain.org.right", "评定与参照标准一致。",
     "The decision agrees with the reference standard."},
    {"explain.org.not_judged", "因评价不足，未作评定。", "For want of data it was not judged."},
    {"explain.org.support", "此后：{support}，下一年工作人员 {staff} 名。",
     "Afterwards: {support}; staff for the next year {staff}."},
    {"explain.org.last_year", "这是运行的最后一年，本次判定在运行内没有后果。",
     "This is the run's last year: the decision has no consequence inside the run."},
    {"explain.org.served", "本年服务并评价的订单 {served} 件。",
     "Orders it served this year: {served}."},
    {"explain.org.declines_none", "本年没有拒接订单。", "It declined no order this year."},
    {"explain.org.declines",
     "本年拒接订单 {count} 次（保护两率：当前两率低于 {line} 且预计本次比当前低 {hit} "
     "以上时拒接）。前 {shown} 次：",
     "It declined {count} orders this year (protecting its rates: it declines when its running "
     "rate is below {line} and it expects the service to score more than {hit} below it). The "
     "first {shown}:"},
    {"explain.org.decline",
     "  {time}：第{order}号单（{kind}），当时两率 {standing}，预计 "
     "{expected}；最终由{assignee}承接，{state}",
     "  {time}: order {order} ({kind}), running rate {standing}, expected {expected}; finally "
     "{assignee}, {state}"},
    {"explain.org.decline_bare", "  {time}：第{order}号单，当时两率 {standing}，预计 {expected}",
     "  {time}: order {order}, running rate {standing}, expected {expected}"},
    {"explain.org.declines_more", "  ……另有 {more} 次", "  ... and {more} more"},
    {"explain.error.no_such", "没有名为“{name}”的{what}；最接近的：{nearest}",
     "no {what} named '{name}'; the nearest: {nearest}"},
    {"explain.what.branch", "村社团组织", "branch"},
    {"explain.what.org", "社会组织", "social organization"},
    {"explain.error.quarter_range", "第{quarter}季度超出范围：本次运行可选第 1–{last} 季度",
     "quarter {quarter} is out of range: this run's inspected quarters are 1 to {last}"},
    {"explain.error.no_quarter", "本次运行没有任何季度督查记录",
     "this run has no inspected quarter"},
    {"explain.error.year_range", "第{year}年超出范围：本次运行可选第 1–{last} 年",
     "year {year} is out of range: this run's years are 1 to {last}"},
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
