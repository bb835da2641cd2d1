"""The HTML report's user-interface strings: ONE message catalogue, Chinese and English.

Every string the report shows (headings, table headers, captions, plot labels, enum labels)
is looked up here by a message id; the code that builds the report is the same for both
languages. ``MESSAGES[id] = {"zh": ..., "en": ...}``; the texts may hold ``{name}``
placeholders (``str.format``), the same in both languages.

Domain terms follow the glossary of the project (shared/DOMAIN.md): 点单 / 派单 / 评单 (order,
dispatch, evaluate), 两率 (the two rates: 群众吸引率 attraction, 群众满意率 satisfaction), 孵化
(incubation), 村社团组织 (branch), 团干部 (official), 社会组织 (social organization), 共建结对单位
(partner unit), 团区委 (district committee), 即办件 / 非即办件 (immediate / non-immediate), 轮值轮班
(duty rotation).

    t = Catalogue("zh")
    t("sec.overview")                      # -> "全年概览"
    t.label("state", "served")             # -> the enum label "已服务"
"""

import string

LANGUAGES = ("zh", "en")

MESSAGES = {
    # --- page ------------------------------------------------------------------------------
    "page.title.run": {"zh": "{district} 点单·派单·评单 运行报告",
                       "en": "{district}: order, dispatch, evaluate - report of a run"},
    "page.title.sweep": {"zh": "政策比较报告：{name}",
                         "en": "Comparing policies: sweep {name}"},
    "page.subtitle.run": {
        "zh": "方案 {scenario}，随机种子 {seed}，模拟 {years} 年、每年 {days} 天{start}，规模 {scale}。"
              "文件：{path}",
        "en": "Scenario {scenario}, seed {seed}, {years} simulated year(s) of {days} days{start}, "
              "scale {scale}. File: {path}"},
    # the run's day 0 (run.start_date) in the subtitle; nothing when the run numbers its days
    "page.start_date": {"zh": "（从 {y}年{m}月{d}日 周一 起）",
                        "en": " from Monday {m}/{d}/{y}"},
    "page.subtitle.sweep": {
        "zh": "{runs} 次运行（成功 {ok} 次），{policies} 项政策，基准政策 {baseline}。文件夹："
              "{path}",
        "en": "{runs} runs ({ok} successful), {policies} policies, baseline {baseline}. "
              "Folder: {path}"},
    "page.contents": {"zh": "目录", "en": "Contents"},
    "page.generated": {
        "zh": "由 analysis/report.py 根据上述文件生成；所有数字与图表均由文件计算得出。",
        "en": "Made by analysis/report.py from the file above; every number and plot is "
              "computed from it."},
    "page.errors": {"zh": "页面加载错误", "en": "Errors while loading the page"},

    # --- warnings at the top of a run's page (/summary/warnings) ---------------------------
    "warnings.title": {"zh": "注意：本次运行有 {n} 个队列没有趋于稳定",
                       "en": "Warning: {n} queue(s) of this run do not settle"},
    "warnings.item": {"zh": "{assignee}的队列没有趋于稳定：{what}。",
                      "en": "The {assignee} queue does not settle: {what}."},
    "warnings.backlog": {"zh": "期末仍有 {open} 件未办结，占其 {orders} 件点单的 {share}",
                         "en": "{open} of its {orders} orders ({share}) still open at the run's "
                               "end"},
    "warnings.growth": {
        "zh": "运行后半程开始服务的点单平均等了 {second} 小时，前半程为 {first} 小时",
        "en": "the orders it started in the run's second half had waited {second} h on "
              "average, against {first} h in the first half"},
    "warnings.join": {"zh": "；", "en": "; "},
    "warnings.consequence": {
        "zh": "这种配置下的等待时间和两率取决于运行多长时间，说明的不是稳定状态；用它比较政策时"
              "请格外谨慎。",
        "en": "Waits and rates of this configuration depend on how long it runs: they describe "
              "no steady state. Compare policies with it only with care."},

    # --- sections of a run -----------------------------------------------------------------
    "sec.overview": {"zh": "全年概览", "en": "The year at a glance"},
    "sec.dispatch": {"zh": "派单流向", "en": "The dispatch flow"},
    "sec.organizations": {
        "zh": "社会组织的两率与孵化",
        "en": "The two rates of the social organizations"},
    "sec.tiers": {"zh": "季度考核档次变化", "en": "Tier transitions between quarters"},
    "sec.activities": {"zh": "村社团组织活动与联系青年",
                       "en": "Branch activities and youth contacts"},
    "sec.noise": {"zh": "评比中的运气：检查员的误差",
                  "en": "Luck in the ranking: the inspectors' error"},
    "noise.none": {"zh": "本次运行没有季度考核，因此没有检查员误差可讲。",
                   "en": "This run has no quarterly inspection, so there is no inspectors' error "
                         "to tell."},
    "noise.story": {
        "zh": "全年共有 {inspections} 次支部季度考核，其中 {changed} 次（{share}）的档次是检查员的"
              "误差改变的：没有这个误差，这些村社团组织会落在另一档。分数的差异中约 {luck} 来自误差，"
              "也就是排名里的运气；误差因此把 {moved} 元补贴从一些支部挪到了另一些支部。",
        "en": "Of the year's {inspections} branch-quarter inspections, {changed} ({share}) got "
              "their tier from the inspectors' error: without it those branches would be in "
              "another tier. About {luck} of the differences between scores is that error, the "
              "luck in the ranking; it moved {moved} yuan of allowance from some branches to "
              "others."},
    "noise.explain": {
        "zh": "误差 = 检查组的整体偏差 + 每次走访的随机误差。运气占比 = 误差分数的方差 ÷ 总分的方差。"
              "某个支部为何落在这一档，可用命令行的解释功能查看。",
        "en": "The error is the inspection group's bias plus each visit's noise "
              "(inspection.group_bias_sd, inspection.visit_noise_sd). Luck share = variance of "
              "the error points / variance of the scores. orgsim explain tells one branch's "
              "case."},
    "sec.replay": {"zh": "逐季回放", "en": "Quarter by quarter"},
    "replay.intro": {
        "zh": "拖动滑块，看每个季度考核后的档次分布、排名首尾和各社会组织到该季度末的两率（不需联网）。",
        "en": "Move the slider to see, after each quarter's inspection, the branches per tier, "
              "the two ends of the ranking and each organization's two rates at the quarter's "
              "end (works offline)."},
    "replay.slider": {"zh": "季度", "en": "Quarter"},
    "replay.noise": {"zh": "本季度 {branches} 个支部中，{changed} 个的档次由检查员误差改变。",
                     "en": "This quarter the inspectors' error changed the tier of {changed} "
                           "of {branches} branches."},
    "replay.tiers": {"zh": "各档支部数", "en": "Branches per tier"},
    "replay.top": {"zh": "排名前五", "en": "The top five"},
    "replay.bottom": {"zh": "排名末五", "en": "The bottom five"},
    "replay.col.rank": {"zh": "排名", "en": "Rank"},
    "replay.col.branch": {"zh": "村社团组织", "en": "Branch"},
    "replay.col.score": {"zh": "得分", "en": "Score"},
    "replay.col.tier": {"zh": "档次", "en": "Tier"},
    "replay.scatter": {
        "zh": "各社会组织到季度末的两率（虚线为孵化门槛；绿色：按原始比率两率达标，红色：未达标；"
              "年终决定按规则的估计方法）",
        "en": "Each organization's two rates at the quarter's end (dashed: the incubation "
              "threshold; green: the raw rates meet it, red: they do not; the year-end "
              "decision uses the rule's estimator)"},
    "noise.table": {"zh": "每季度检查员误差的影响", "en": "The inspectors' error per quarter"},
    "col.inspected": {"zh": "考核支部数", "en": "Branches inspected"},
    "col.noise_changed": {"zh": "误差改变档次", "en": "Tier changed by the error"},
    "col.luck_share": {"zh": "运气占比", "en": "Luck share"},
    "col.allowance_moved": {"zh": "被挪动的补贴（元）", "en": "Allowance moved (yuan)"},
    "sec.duty": {"zh": "团干部轮值负担", "en": "Duty load by official"},
    "sec.provenance": {"zh": "运行信息", "en": "About this run"},

    # --- overview --------------------------------------------------------------------------
    "overview.intro": {
        "zh": "本次运行共产生 {total} 个点单，其中 {served} 个已服务（{served_share}）。群众满意率 "
              "{satisfaction}，群众吸引率 {attraction}。",
        "en": "{total} orders arose in the run, of which {served} were served ({served_share}). "
              "Satisfaction rate {satisfaction}, attraction rate {attraction}."},
    "overview.key_figures": {"zh": "主要数字", "en": "Key figures"},
    "overview.times": {"zh": "用时（小时）", "en": "Times (hours)"},
    "overview.answers": {"zh": "回音与评价", "en": "Answers and evaluations"},
    "col.item": {"zh": "项目", "en": "item"},
    "col.count": {"zh": "数量", "en": "count"},
    "col.share": {"zh": "占比", "en": "share"},
    "col.value": {"zh": "数值", "en": "value"},
    "col.mean": {"zh": "平均", "en": "mean"},
    "col.median": {"zh": "中位数", "en": "median"},
    "col.p90": {"zh": "90% 分位", "en": "90th percentile"},
    "col.min": {"zh": "最小", "en": "min"},
    "col.max": {"zh": "最大", "en": "max"},
    "col.total": {"zh": "合计", "en": "total"},
    "row.total": {"zh": "合计", "en": "total"},
    "row.orders_total": {"zh": "点单总数", "en": "orders, total"},
    "row.by_state": {"zh": "按最终状态", "en": "by final state"},
    "row.by_source": {"zh": "按点单来源", "en": "by source"},
    "row.by_kind": {"zh": "按类型", "en": "by kind"},
    "row.by_channel": {"zh": "按渠道", "en": "by channel"},
    "row.escalated": {
        "zh": "超时未回音（上报）",
        "en": "escalated (not answered within the deadline)"},
    "row.on_time": {"zh": "按时回音比例（{deadline} 小时内开始服务）",
                    "en": "answered on time (started within {deadline} h)"},
    "row.attraction_rate": {
        "zh": "群众吸引率（已服务点单合计）",
        "en": "attraction rate (served orders, pooled)"},
    "row.satisfaction_rate": {
        "zh": "群众满意率（已服务点单合计）",
        "en": "satisfaction rate (served orders, pooled)"},
    "row.by_category": {"zh": "按服务类别", "en": "by service category"},
    "row.still_waiting": {"zh": "期末仍在等待服务的点单", "en": "still waiting for service at the "
                                                          "run's end"},
    "row.wait": {"zh": "从产生到开始服务（已开始服务的点单）",
                 "en": "from arising to the start of service (orders that started)"},
    "row.wait_incl_open": {
        "zh": "从产生到开始服务，含期末仍在等待的点单（计至期末）",
        "en": "from arising to the start of service, orders still waiting counted to the "
              "run's end"},
    "overview.censored": {
        "zh": "期末仍有 {n} 个点单在等待服务。它们的等待只计到运行结束（在期末截尾），实际还会"
              "更久：含这些点单的一行是群众等待的下限，只计已开始服务的点单则会低估等待。",
        "en": "{n} orders were still waiting for service at the run's end. Their waits are "
              "counted up to the end of the run (censored there) and will be longer: the row "
              "that includes them is a lower bound of the waits people face, and the row of "
              "started orders alone understates them."},
    "row.response": {"zh": "从产生到服务完成", "en": "from arising to the end of service"},
    "fig.orders_by_week": {"zh": "每周新产生的点单，按来源（按产生时间计周）",
                           "en": "Orders arising each week, by source (week of creation)"},
    "fig.waits": {
        "zh": "左：等待时间的累计分布，按类型（虚线：{deadline} 小时回音时限）；右：每周开始服务的"
              "点单的平均等待时间",
        "en": "Left: how many orders started within a given wait, by kind (dashed: the {deadline}"
              " h answer deadline). Right: the mean wait of the orders that started each "
              "week"},
    "fig.satisfaction": {
        "zh": "每周结束的服务的群众满意率（实线：全年；虚线：孵化门槛 {threshold}）",
        "en": "Satisfaction rate of the services that ended each week (solid: the whole "
              "run; dashed: the incubation threshold {threshold})"},
    "axis.week": {"zh": "周", "en": "week"},
    "axis.orders": {"zh": "点单数", "en": "orders"},
    "axis.wait_h": {"zh": "等待时间（小时）", "en": "wait (hours)"},
    "axis.share_started": {"zh": "已开始服务的比例", "en": "share of started orders"},
    "axis.mean_wait_h": {"zh": "平均等待（小时）", "en": "mean wait (hours)"},
    "axis.satisfaction": {"zh": "群众满意率", "en": "satisfaction rate"},
    "axis.attraction": {"zh": "群众吸引率", "en": "attraction rate"},
    "legend.deadline": {"zh": "回音时限", "en": "answer deadline"},
    "legend.whole_run": {"zh": "全年", "en": "whole run"},
    "legend.threshold": {"zh": "孵化门槛", "en": "incubation threshold"},

    # --- dispatch --------------------------------------------------------------------------
    "dispatch.intro": {
        "zh": "每个点单从来源（点单）经派单对象（派单）到最终状态。即办件派给社会组织，非即办件派"
              "给共建结对单位，难以匹配的特殊需求由团区委承接；未派单的是在服务点关闭时离开的群众"
              "或年末尚未派出的点单。",
        "en": "Each order goes from its source (order) through the kind of assignee (dispatch) "
              "to its final state. Immediate items go to social organizations, non-immediate "
              "items to partner units, special needs that are hard to match to the district "
              "committee; orders with no assignee are walk-ins who found the service point "
              "closed, or orders not yet dispatched at the end."},
    "fig.flow": {"zh": "点单来源 → 派单对象 → 最终状态（带宽与点单数成正比）",
                 "en": "Source → assignee kind → final state (band widths proportional to "
                       "the number of orders)"},
    "flow.stage.source": {"zh": "点单来源", "en": "source"},
    "flow.stage.assignee": {"zh": "派单对象", "en": "assignee"},
    "flow.stage.state": {"zh": "最终状态", "en": "final state"},
    "dispatch.table.source": {
        "zh": "来源 × 派单对象（点单数）",
        "en": "Source × assignee kind (orders)"},
    "dispatch.table.state": {
        "zh": "派单对象 × 最终状态（点单数）",
        "en": "Assignee kind × final state (orders)"},
    "queues.intro": {
        "zh": "各类承接方（按最终派单对象）的点单、期末仍未办结的点单（积压），以及按开始服务时间"
              "分在运行前、后两半的平均等待。积压超过其点单的 {share}，或后半程的平均等待超过前半"
              "程的 {ratio} 倍，说明该队列没有趋于稳定（只判断点单不少于 {min} 件的承接方）。",
        "en": "For each kind of assignee (the final one): its orders, those still open at the "
              "run's end (the backlog), and the mean wait of the orders it started in each half "
              "of the run (by start time). A backlog above {share} of its orders, or a second "
              "half whose mean wait is more than {ratio} times the first half's, means the "
              "queue does not settle (judged for kinds with at least {min} orders)."},
    "queues.table": {"zh": "各类承接方的积压与等待", "en": "Backlog and waits by kind of assignee"},
    "col.assignee": {"zh": "承接方", "en": "assignee kind"},
    "col.orders": {"zh": "点单数", "en": "orders"},
    "col.open_at_end": {"zh": "期末未办结", "en": "open at the end"},
    "col.open_share": {"zh": "未办结占比", "en": "share open"},
    "col.wait_first_half": {"zh": "前半程平均等待（小时）", "en": "mean wait, first half (h)"},
    "col.wait_second_half": {"zh": "后半程平均等待（小时）", "en": "mean wait, second half (h)"},
    "col.settles": {"zh": "是否稳定", "en": "settles"},
    "queues.settles": {"zh": "稳定", "en": "yes"},
    "queues.does_not_settle": {"zh": "未稳定（见页首提示）", "en": "no (see the warning above)"},
    "queues.not_judged": {"zh": "点单过少，未判断", "en": "too few orders to judge"},

    # --- organizations ---------------------------------------------------------------------
    "orgs.intro": {
        "zh": "每个社会组织最后一年的两率（实心点，按孵化决定着色）与其真实、隐藏的服务质量（空心"
              "圈，细线相连）。本政策的孵化规则：{rule}。",
        "en": "Each social organization's two rates in its last year (filled dots, coloured "
              "by the incubation decision) and its true, hidden quality (hollow circles, "
              "joined by a thin line). The policy's incubation rule: {rule}."},
    "orgs.standard": {
        "zh": "孵化决定对不对，用同一把尺子衡量——参照标准：{standard}（对每个政策都相同）。按参照"
              "标准达标的组织不予孵化，是误拒；未达标的组织予以孵化，是误孵。",
        "en": "Whether a decision was right is judged by one yardstick, the reference standard: "
              "{standard} (the same for every policy). A good organization denied was wrongly "
              "denied; one below the standard incubated was wrongly incubated."},
    "standard.both": {"zh": "两项真实质量均不低于 {t}", "en": "both true qualities at least {t}"},
    "standard.mean": {"zh": "两项真实质量的平均不低于 {t}",
                      "en": "the mean of the true qualities at least {t}"},
    "standard.weighted": {"zh": "吸引 × {w} + 满意 × (1 − {w}) 不低于 {t}",
                          "en": "attraction × {w} + satisfaction × (1 − {w}) at least {t}"},
    "standard.waits_excluded": {"zh": "，不计等待", "en": ", waits excluded"},
    "standard.waits_included": {"zh": "，按群众实际感受（计入等待）",
                                "en": ", as experienced (waits included)"},
    "orgs.years_note": {
        "zh": "共 {years} 年：以下计数是每年评定的合计（一个组织评定了三年就计三次）。",
        "en": "{years} years: the counts below add up every year's decisions (an organization "
              "decided in three years counts three times)."},
    "orgs.table.standard": {"zh": "对照参照标准", "en": "Against the reference standard"},
    "col.share_of_group": {"zh": "占该组比例", "en": "share of its group"},
    "row.decisions": {"zh": "孵化评定", "en": "incubation decisions"},
    "row.meets_standard": {"zh": "按参照标准达标", "en": "good by the reference standard"},
    "row.good_denied": {"zh": "其中不予孵化（误拒）", "en": "of them denied (wrongly denied)"},
    "row.good_not_enough_data": {"zh": "其中评价不足、未作评定",
                                 "en": "of them left undecided (not enough data)"},
    "row.below_standard": {"zh": "未达参照标准", "en": "below the reference standard"},
    "row.below_standard_incubated": {"zh": "其中予以孵化（误孵）",
                                     "en": "of them incubated (wrongly incubated)"},
    "row.own_rule": {
        "zh": "按本政策自己的规则判断真实质量（随政策而变，仅供参考）",
        "en": "By the policy's own rule on the true qualities (moves with the policy; for "
              "reference)"},
    "row.own_rule_good": {"zh": "规则判为合格", "en": "passing its own rule"},
    "row.own_rule_wrongly_denied": {"zh": "其中不予孵化", "en": "of them denied"},
    "row.own_rule_wrongly_incubated": {"zh": "不合格却予以孵化",
                                       "en": "not passing it, yet incubated"},
    "orgs.rule.both": {"zh": "两率均不低于 {threshold}", "en": "both rates at least {threshold}"},
    "orgs.rule.mean": {
        "zh": "两率平均不低于 {threshold}",
        "en": "the mean of the two rates at least {threshold}"},
    "orgs.rule.weighted": {"zh": "{w} × 吸引率 + {w1} × 满意率 不低于 {threshold}",
                           "en": "{w} × attraction + {w1} × satisfaction at least {threshold}"},
    "orgs.rule.min_eval": {"zh": "，且至少 {n} 次评价", "en": ", with at least {n} evaluations"},
    "orgs.estimator_note": {
        "zh": "注意：规则判断的是按“{estimator}”估计（{pooling}）的两率，图中点为全年原始比率。",
        "en": "Note: the rule judged the rates as estimated by '{estimator}' ({pooling}); "
              "the dots are the run's raw ratios."},
    "fig.orgs": {
        "zh": "两率散点图：虚线为本政策的孵化门槛，点线为参照标准（与门槛不同时）",
        "en": "The two rates: the dashed line is the policy's incubation threshold, the dotted "
              "line the reference standard (where it differs)"},
    "legend.true_quality": {"zh": "真实质量", "en": "true quality"},
    "legend.standard": {"zh": "参照标准", "en": "reference standard"},
    "orgs.table.decisions": {
        "zh": "孵化决定 × 参照标准",
        "en": "Incubation decision × reference standard"},
    "col.decision": {"zh": "孵化决定", "en": "decision"},
    "col.good": {"zh": "达标", "en": "good"},
    "col.below": {"zh": "未达标", "en": "below the standard"},
    "col.meets_standard": {"zh": "是否达标", "en": "good by the standard"},
    "col.year": {"zh": "年份", "en": "year"},
    "orgs.table.misjudged": {
        "zh": "与参照标准不一致的评定（误拒与误孵）",
        "en": "Decisions the reference standard calls wrong (wrongly denied or incubated)"},
    "orgs.none_misjudged": {
        "zh": "没有与参照标准不一致的评定。",
        "en": "The reference standard calls no decision wrong."},
    "col.name": {"zh": "名称", "en": "name"},
    "col.evaluations": {"zh": "评价次数", "en": "evaluations"},
    "col.attraction_rate": {"zh": "群众吸引率", "en": "attraction rate"},
    "col.satisfaction_rate": {"zh": "群众满意率", "en": "satisfaction rate"},
    "col.true_attraction": {"zh": "真实吸引质量", "en": "true attraction"},
    "col.true_satisfaction": {"zh": "真实满意质量", "en": "true satisfaction"},
    "col.experienced_attraction": {"zh": "群众感受的吸引质量", "en": "experienced attraction"},
    "col.experienced_satisfaction": {"zh": "群众感受的满意质量",
                                     "en": "experienced satisfaction"},

    # --- tiers -----------------------------------------------------------------------------
    "tiers.intro": {
        "zh": "巡查组每季度对村社团组织排名，名次决定兼职村社团组织负责人的工作补贴档次。"
              "下表为各档的组织数与补贴；图为相邻两季度之间的档次变化（格中数字为组织数，"
              "对角线为档次不变）。",
        "en": "Each quarter the inspection groups rank every branch, and the rank sets the "
              "tier of its part-time leader's allowance. The table gives the branches per "
              "tier and the allowance paid; the plot shows how branches moved between tiers "
              "from one quarter to the next (numbers are branches; the diagonal is no change)."},
    "tiers.table": {
        "zh": "各季度档次分布与补贴",
        "en": "Branches per tier and allowance, by quarter"},
    "tiers.changes": {"zh": "档次变化", "en": "Tier changes"},
    "col.quarter": {"zh": "季度", "en": "quarter"},
    "col.allowance_yuan": {"zh": "补贴（元）", "en": "allowance (yuan)"},
    "col.from_to": {"zh": "季度间", "en": "quarters"},
    "col.changed": {"zh": "档次改变的组织", "en": "branches that changed tier"},
    "col.up": {"zh": "升档", "en": "moved up"},
    "col.down": {"zh": "降档", "en": "moved down"},
    "tier.label": {"zh": "第{n}档", "en": "tier {n}"},
    "tier.top": {"zh": "第1档（最高）", "en": "tier 1 (top)"},
    "quarter.label": {"zh": "第{n}季度", "en": "Q{n}"},
    "quarter.pair": {"zh": "第{a}季度 → 第{b}季度", "en": "Q{a} → Q{b}"},
    "axis.tier_from": {"zh": "前一季度档次", "en": "tier in the earlier quarter"},
    "axis.tier_to": {"zh": "后一季度档次", "en": "tier in the later quarter"},
    "fig.tiers": {
        "zh": "相邻季度之间的档次变化（组织数）",
        "en": "Tier transitions between consecutive quarters (branches)"},
    "row.allowance_total": {"zh": "全年补贴合计（元）", "en": "allowance paid in the run (yuan)"},

    # --- activities ------------------------------------------------------------------------
    "activities.intro": {
        "zh": "村社团组织自己开展的活动，按举办的季度计（因等待阵地而推迟的活动计入举办的季度，"
              "取消的计入放弃的季度），以及考核中“联系青年”一项的原始计数：各季度联系的青年人数"
              "（1+100 联系青年）。",
        "en": "The branches' own activities, counted in the quarter they were held (one that "
              "waited for a venue counts where it was held, a cancelled one where it was given "
              "up), and the raw count behind the inspection's contacts component: the youths "
              "the branches contacted each quarter."},
    "activities.leaders": {
        "zh": "负责人投入模型：{model}。投入降到下限 {floor} 的负责人视为已经放弃。",
        "en": "The leaders' effort model: {model}. A leader whose effort fell to the floor, "
              "{floor}, has given up."},
    "activities.table": {"zh": "各季度活动与联系青年", "en": "Activities and youth contacts by "
                                                         "quarter"},
    "col.held": {"zh": "举办的活动", "en": "activities held"},
    "col.cancelled_no_venue": {"zh": "因无阵地取消", "en": "cancelled: no venue"},
    "col.cancelled_no_money": {"zh": "因无经费取消", "en": "cancelled: no money"},
    "col.youth_contacts": {"zh": "联系青年（人）", "en": "youths contacted"},
    "col.leaders_at_floor": {"zh": "已放弃的负责人（投入降至下限）",
                             "en": "leaders who gave up (effort at the floor)"},
    "fig.activities": {
        "zh": "左：各季度村社团组织的活动（举办与取消）；右：各季度联系的青年人数",
        "en": "Left: the branches' activities each quarter (held and cancelled); right: the "
              "youths they contacted each quarter"},
    "axis.activities": {"zh": "活动数", "en": "activities"},
    "axis.youth_contacts": {"zh": "联系青年（人）", "en": "youths contacted"},
    "axis.quarter": {"zh": "季度", "en": "quarter"},
    "leader.fixed": {"zh": "固定投入（不随补贴变化）", "en": "fixed (no response to the allowance)"},
    "leader.adaptive": {"zh": "随所得补贴调整", "en": "adaptive to the allowance received"},
    "leader.tournament": {"zh": "对排名的锦标赛式最优反应",
                          "en": "a tournament best response to the ranking"},

    # --- duty ------------------------------------------------------------------------------
    "duty.intro": {
        "zh": "团干部与社会组织骨干在服务点轮值轮班。下图为每名团干部全年的值班时长；表为汇总与各"
              "镇街的平均。",
        "en": "Officials and core members of social organizations take turns on duty at "
              "the service points. The plot gives each official's hours on duty; the tables "
              "summarize them and average them by town."},
    "fig.duty": {"zh": "每名团干部的值班时长（小时），按时长排序；颜色表示缺勤班次比例",
                 "en": "Each official's hours on duty, sorted; the colour is the share of "
                       "shifts missed"},
    "fig.duty_hist": {
        "zh": "团干部值班时长的分布",
        "en": "Distribution of the officials' hours on duty"},
    "axis.duty_h": {"zh": "值班时长（小时）", "en": "hours on duty"},
    "axis.officials": {"zh": "团干部人数", "en": "officials"},
    "axis.missed_share": {"zh": "缺勤班次比例", "en": "share of shifts missed"},
    "duty.table": {"zh": "团干部值班汇总", "en": "Officials on duty"},
    "duty.by_town": {"zh": "各镇街团干部的平均值班", "en": "Officials' duty by town"},
    "row.officials": {"zh": "团干部人数", "en": "officials"},
    "row.duty_h": {"zh": "值班时长（小时）", "en": "hours on duty"},
    "row.shifts": {"zh": "排班班次", "en": "shifts assigned"},
    "row.shifts_missed": {"zh": "缺勤班次", "en": "shifts missed"},
    "col.town": {"zh": "镇街", "en": "town"},
    "col.officials": {"zh": "团干部", "en": "officials"},
    "col.mean_duty_h": {"zh": "平均值班（小时）", "en": "mean hours on duty"},
    "col.shifts_missed": {"zh": "缺勤班次", "en": "shifts missed"},

    # --- provenance ------------------------------------------------------------------------
    "prov.file": {"zh": "文件", "en": "file"},
    "prov.scenario": {"zh": "方案", "en": "scenario"},
    "prov.scenario_source": {"zh": "方案来源", "en": "scenario source"},
    "prov.seed": {"zh": "随机种子", "en": "seed"},
    "prov.fingerprint": {"zh": "事件指纹", "en": "fingerprint"},
    "prov.software_version": {"zh": "orgsim 版本", "en": "orgsim version"},
    "prov.git_commit": {"zh": "代码提交", "en": "git commit"},
    "prov.simgrid_version": {"zh": "SimGrid 版本", "en": "SimGrid version"},
    "prov.hdf5_version": {"zh": "HDF5 版本", "en": "HDF5 version"},
    "prov.created_utc": {"zh": "生成时间（UTC）", "en": "written (UTC)"},
    "prov.ini": {"zh": "实际生效的方案（INI，可用 orgsim run 复现）",
                 "en": "The effective scenario (INI; orgsim run on it reproduces the run)"},

    # --- sweep -----------------------------------------------------------------------------
    "sec.sweep_overview": {"zh": "比较概览", "en": "The sweep at a glance"},
    "sec.comparison": {"zh": "与基准政策的配对比较", "en": "Paired comparison with the baseline"},
    "sec.plain": {"zh": "结论（通俗说明）", "en": "In plain language"},
    "sec.stability": {"zh": "档次稳定性", "en": "Tier stability"},
    "sec.sweep_plots": {"zh": "比较图表", "en": "Plots"},
    "sec.sweep_runs": {"zh": "运行信息", "en": "About this sweep"},
    "sweep.intro": {
        "zh": "每项政策在每个网格点上的各次重复的平均值（同一重复使用相同的随机种子，即共同随机数"
              "）。",
        "en": "Each policy's mean over its replications, at each point of the grid (replication "
              "r of every policy has the same seed: common random numbers)."},
    "sweep.comparison_intro": {
        "zh": "差值 = 政策 − 基准，在同一重复内配对计算；95% 置信区间为配对差值的 t 区间；"
              "“更好的比例”为政策严格优于基准的重复所占比例（相同不算更好）。数字与 analysis/comp"
              "are.py 输出的表格相同。",
        "en": "difference = policy − baseline within each replication; the 95% CI is the "
              "Student-t interval of the paired differences; p_better (p_worse) is the share "
              "of replications in which the policy is strictly better (worse). The numbers "
              "are those of analysis/compare.py's table."},
    "sweep.vs": {"zh": "{point} 对比 {baseline}（{n} 次配对重复）",
                 "en": "{point} vs {baseline} ({n} paired replications)"},
    "sweep.nothing": {"zh": "除基准政策外，没有可比较的政策（成功运行）。",
                      "en": "No point other than the baseline has successful runs: nothing to "
                            "compare."},
    "sweep.plain_note": {"zh": "以下说明由 analysis/compare.py 生成。",
                         "en": "Written by analysis/compare.py."},
    "sweep.stability_intro": {
        "zh": "相邻季度间改变档次的村社团组织所占比例（各次重复的平均与 95% 置信区间；越低越稳定）"
              "。",
        "en": "Share of branches changing tier from one quarter to the next (mean over replicatio"
              "ns with its 95% CI; lower is more stable)."},
    "sweep.plots_intro": {"zh": "analysis/compare.py 的图表（图中文字为英文）。",
                          "en": "The plots of analysis/compare.py."},
    "fig.sweep.indicators": {"zh": "各指标按政策的平均值与 95% 置信区间（灰色：基准）",
                             "en": "Each indicator by point: mean over replications with its "
                                   "95% CI (grey: the baseline)"},
    "fig.sweep.organization_rates": {"zh": "各政策下所有社会组织的两率（全部重复合并）与孵化线",
                                     "en": "The two rates of every organization, all "
                                           "replications pooled, with the incubation line"},
    "fig.sweep.tier_stability": {
        "zh": "档次稳定性（越低越稳定）",
        "en": "Tier stability (lower is more stable)"},
    "sweep.failed": {
        "zh": "失败的运行（未纳入比较）",
        "en": "Failed runs (left out of every comparison)"},
    "sweep.no_failed": {"zh": "所有运行均成功。", "en": "Every run succeeded."},
    "col.point": {"zh": "政策（网格点）", "en": "point"},
    "col.policy": {"zh": "政策", "en": "policy"},
    "col.runs": {"zh": "运行", "en": "runs"},
    "col.ok": {"zh": "成功", "en": "ok"},
    "col.indicator": {"zh": "指标", "en": "indicator"},
    "col.better": {"zh": "方向", "en": "better"},
    "col.policy_mean": {"zh": "政策平均", "en": "policy"},
    "col.baseline_mean": {"zh": "基准平均", "en": "baseline"},
    "col.difference": {"zh": "差值", "en": "difference"},
    "col.ci": {"zh": "差值的 95% 置信区间", "en": "95% CI of the difference"},
    "col.p_better": {"zh": "更好的比例", "en": "p_better"},
    "col.p_worse": {"zh": "更差的比例", "en": "p_worse"},
    "col.tier_change_share": {"zh": "档次改变比例", "en": "tier change share"},
    "col.ci_half": {"zh": "95% 置信区间半宽", "en": "± (95% CI)"},
    "col.run_id": {"zh": "运行编号", "en": "run id"},
    "col.replication": {"zh": "重复", "en": "replication"},
    "col.error": {"zh": "错误", "en": "error"},
    "ci.range": {"zh": "{low} 至 {high}", "en": "{low} to {high}"},
    "prov.sweep_name": {"zh": "比较名称", "en": "sweep"},
    "prov.folder": {"zh": "文件夹", "en": "folder"},
    "prov.baseline": {"zh": "基准政策", "en": "baseline"},
    "prov.grid_keys": {"zh": "网格参数", "en": "grid keys"},
    "prov.policies": {"zh": "政策", "en": "policies"},

    # --- enum labels (label(kind, value)) --------------------------------------------------
    "source.party_gov": {"zh": "党政所需", "en": "party & government"},
    "source.public": {"zh": "群众所求", "en": "the public"},
    "source.league_menu": {"zh": "共青团所能", "en": "the league's menu"},
    "channel.assigned": {"zh": "直接交办", "en": "assigned"},
    "channel.online": {"zh": "线上", "en": "online"},
    "channel.offline": {"zh": "线下（服务点）", "en": "offline (service point)"},
    "kind.immediate": {"zh": "即办件", "en": "immediate"},
    "kind.non_immediate": {"zh": "非即办件", "en": "non-immediate"},
    "kind.special": {"zh": "特殊需求", "en": "special need"},
    "assignee.none": {"zh": "未派单", "en": "no assignee"},
    "assignee.social_org": {"zh": "社会组织", "en": "social organization"},
    "assignee.partner_unit": {"zh": "共建结对单位", "en": "partner unit"},
    "assignee.district_committee": {"zh": "团区委", "en": "district committee"},
    "state.served": {"zh": "已服务", "en": "served"},
    "state.gave_up": {"zh": "服务点未开放，群众离开", "en": "gave up (service point closed)"},
    "state.cancelled_no_venue": {"zh": "无阵地取消", "en": "cancelled: no venue"},
    "state.cancelled_no_money": {"zh": "无经费取消", "en": "cancelled: no money"},
    "state.open_at_year_end": {"zh": "期末未办结", "en": "open at the end"},
    "decision.incubated": {"zh": "孵化", "en": "incubated"},
    "decision.denied": {"zh": "不予孵化", "en": "denied"},
    "decision.not_enough_data": {"zh": "评价不足", "en": "not enough data"},
    "better.higher": {"zh": "越高越好", "en": "higher"},
    "better.lower": {"zh": "越低越好", "en": "lower"},
    "better.n/a": {"zh": "无方向", "en": "n/a"},
    "indicator.incubated": {"zh": "孵化组织数", "en": "incubated"},
    "indicator.incubation_rate": {"zh": "孵化率", "en": "incubation_rate"},
    "indicator.wrongly_denied_share": {"zh": "优质组织被拒比例", "en": "wrongly_denied_share"},
    "indicator.wrongly_incubated_share": {"zh": "劣质组织获孵化比例",
                                          "en": "wrongly_incubated_share"},
    "indicator.not_enough_data": {"zh": "评价不足的组织数", "en": "not_enough_data"},
    "indicator.declined_orders": {"zh": "被拒接的订单数", "en": "declined_orders"},
    "indicator.leader_effort_mean": {"zh": "负责人平均投入", "en": "leader_effort_mean"},
    "indicator.tier_noise_share": {"zh": "因考核误差改变档次的比例", "en": "tier_noise_share"},
    "indicator.special_left_to_committee_share": {"zh": "留给团区委的特殊需求比例",
                                                  "en": "special_left_to_committee_share"},
    "indicator.satisfaction_rate": {"zh": "群众满意率", "en": "satisfaction_rate"},
    "indicator.answered_on_time_share": {"zh": "按时回音比例", "en": "answered_on_time_share"},
    "indicator.mean_response_h": {"zh": "平均响应时间（小时）", "en": "mean_response_h"},
    "indicator.allowance_total_yuan": {"zh": "补贴总额（元）", "en": "allowance_total_yuan"},
    "indicator.official_duty_h_mean": {
        "zh": "团干部平均值班（小时）",
        "en": "official_duty_h_mean"},
    "estimator.raw": {"zh": "原始比率", "en": "raw"},
    "estimator.wilson": {"zh": "Wilson 下界", "en": "Wilson lower bound"},
    "estimator.bayes": {"zh": "贝叶斯后验均值", "en": "Bayesian posterior mean"},
    "estimator.wilson_upper": {"zh": "Wilson 上界（疑点利益归组织）", "en": "Wilson upper bound"},
    "pooling.pooled": {"zh": "全年合计", "en": "pooled"},
    "pooling.per_event": {"zh": "逐次平均", "en": "per event"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
}


def _fields(text):
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


def check_catalogue(messages=MESSAGES):
    """Every problem of the catalogue as a list of strings (empty when it is sound): a message
    without a text for one of LANGUAGES, or whose languages use different placeholders."""
    problems = []
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if not texts.get(lang)]
        if missing:
            problems.append(f"{key}: no text for {', '.join(missing)}")
            continue
        fields = {lang: _fields(texts[lang]) for lang in LANGUAGES}
        if len({tuple(f) for f in fields.values()}) != 1:
            problems.append(f"{key}: placeholders differ between languages: {fields}")
    return problems


class Catalogue:
    """The messages of one language: ``t(id, **values)`` and ``t.label(kind, value)``."""

    def __init__(self, lang):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
        self.lang = lang

    def __call__(self, key, **values):
        try:
            text = MESSAGES[key][self.lang]
        except KeyError:
            raise KeyError(f"report message {key!r} is not in the catalogue") from None
        return text.format(**values) if values else text

    def label(self, kind, value):
        """An enum value's label (e.g. ``label("state", "served")``); the value itself when
        the catalogue has no entry for it (a value added to the simulator later)."""
        key = f"{kind}.{value}"
        return self(key) if key in MESSAGES else str(value)

    def tier(self, index):
        """The label of tier ``index`` (0 = top)."""
        return self("tier.top") if index == 0 else self("tier.label", n=index + 1)
