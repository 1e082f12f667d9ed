"""Every label, title, reading and message of the dashboards and the report, in Chinese and English.

Keys are referenced literally (`t("page.headcount")`), so tests/dashboard/test_i18n.py can fail
on any key that is used but missing here, or defined here but never used. Data labels (job
families, competencies, org unit names) come from the source contract and the marts.
"""

from __future__ import annotations

from ingest.contract import COMPETENCY_NAMES, JOB_FAMILY_NAMES

LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    # App frame
    "app.title": {"zh": "TalentLoop 人才洞察", "en": "TalentLoop people insights"},
    "app.language": {"zh": "语言", "en": "Language"},
    "app.signed_in_as": {"zh": "{name}（{role}）", "en": "{name} ({role})"},
    "app.sign_out": {"zh": "退出登录", "en": "Sign out"},
    "app.no_serving": {
        "zh": "尚无已发布的数据副本。请先运行 `talentloop build`。",
        "en": "No published serving copy yet. Run `talentloop build` first.",
    },
    "app.not_built": {
        "zh": "此页面所需的数据尚未构建：{tables}。构建完成后将自动显示。",
        "en": "The data this page needs is not built yet: {tables}. It appears once the build has run.",
    },
    "privacy.note": {
        "zh": "标 ≈ 的数字经过扰动：每个最细分组加上 1–3 的随机数（同一分组始终相同，从不低于真实人数），以免任何差分推算出真实人数；您全部范围的合计为准确值。标 * 的数字未计入少于 {k} 人的分组。",
        "en": "Figures marked ≈ are perturbed: each finest group gets 1–3 added (always the same for the same group, never below the true count), so no subtraction of figures gives a true count back; totals of your whole scope are exact. Figures marked * leave out groups of fewer than {k} people.",
    },
    "privacy.withheld": {"zh": "不显示（人数过少）", "en": "withheld (too few people)"},
    "privacy.not_computed": {"zh": "数据不足，未计算", "en": "not enough data to compute"},
    "privacy.status_exact": {"zh": "准确", "en": "exact"},
    "privacy.status_perturbed": {"zh": "已扰动", "en": "perturbed"},
    "privacy.status_partial": {
        "zh": "部分（未计入小分组）",
        "en": "partial (small groups left out)",
    },
    "app.rows_limited": {
        "zh": "仅显示前 {n} 行（导出同样）。",
        "en": "Showing the first {n} rows (the export holds the same).",
    },
    "app.aggregates_only": {
        "zh": "您的角色仅可查看汇总数据。",
        "en": "Your role sees aggregates only.",
    },
    # Sign-in
    "auth.title": {"zh": "登录", "en": "Sign in"},
    "auth.username": {"zh": "用户名", "en": "User name"},
    "auth.password": {"zh": "密码", "en": "Password"},
    "auth.submit": {"zh": "登录", "en": "Sign in"},
    "auth.failed": {"zh": "用户名或密码错误。", "en": "Wrong user name or password."},
    "auth.locked": {
        "zh": "登录失败次数过多，请 {seconds} 秒后再试。",
        "en": "Too many failed sign-ins: try again in {seconds} seconds.",
    },
    "auth.idle": {
        "zh": "长时间未操作，已自动退出，请重新登录。",
        "en": "You were signed out after a period of inactivity; please sign in again.",
    },
    "auth.sso": {"zh": "通过单点登录（OIDC）登录", "en": "Sign in with single sign-on (OIDC)"},
    "auth.unknown_sso_user": {
        "zh": "您的账号 {email} 尚未分配角色，请联系管理员。",
        "en": "Your account {email} has no role yet; ask an administrator.",
    },
    "auth.no_users": {
        "zh": "尚无用户文件 {path}：请用 `talentloop users add` 创建用户。",
        "en": "No users file at {path}: create users with `talentloop users add`.",
    },
    "role.executive": {"zh": "高管", "en": "Executive"},
    "role.hrbp": {"zh": "HR业务伙伴", "en": "HR business partner"},
    "role.analyst": {"zh": "分析师", "en": "Analyst"},
    "role.admin": {"zh": "管理员", "en": "Administrator"},
    # Filters
    "filter.title": {"zh": "筛选", "en": "Filters"},
    "filter.period": {"zh": "期间", "en": "Period"},
    "filter.org_units": {"zh": "机构", "en": "Org units"},
    "filter.job_families": {"zh": "岗位族", "en": "Job families"},
    "filter.all": {"zh": "全部", "en": "All"},
    # Pages
    "page.overview": {"zh": "高管总览", "en": "Executive overview"},
    "page.headcount": {"zh": "人员编制", "en": "Headcount"},
    "page.portrait": {"zh": "人才画像", "en": "Talent portrait"},
    "page.retention": {"zh": "离职风险", "en": "Retention risk"},
    "page.recruitment": {"zh": "招聘与AI面试", "en": "Recruitment and AI interview"},
    "page.weights": {"zh": "胜任力权重", "en": "Competency weights"},
    "page.training": {"zh": "培训", "en": "Training"},
    "page.quality": {"zh": "数据质量", "en": "Data quality"},
    # Axes and units
    "axis.month": {"zh": "月份", "en": "Month"},
    "axis.people": {"zh": "人数（人）", "en": "People (headcount)"},
    "axis.rate": {"zh": "比率（%）", "en": "Rate (%)"},
    "axis.branch": {"zh": "机构", "en": "Org unit"},
    "axis.job_family": {"zh": "岗位族", "en": "Job family"},
    "axis.within_one": {"zh": "相差不超过一分的比例（%）", "en": "Within one point (%)"},
    "axis.verdict": {"zh": "判定", "en": "Verdict"},
    "axis.category": {"zh": "类别", "en": "Category"},
    "axis.impact_ratio": {
        "zh": "影响比（类别比率 / 最高比率）",
        "en": "Impact ratio (rate / highest rate)",
    },
    "axis.measure": {"zh": "指标", "en": "Measure"},
    # Measures
    "measure.headcount": {"zh": "在岗人数", "en": "Headcount"},
    "measure.hires": {"zh": "入职", "en": "Hires"},
    "measure.exits": {"zh": "离职", "en": "Exits"},
    "measure.attrition_12m": {"zh": "近12个月离职率", "en": "Attrition, last 12 months"},
    # Headcount page
    "headcount.breakdown": {"zh": "按以下维度拆分", "en": "Break down by"},
    "headcount.chart_total": {"zh": "在岗人数趋势", "en": "Headcount over time"},
    "headcount.chart_breakdown": {
        "zh": "各{dim}在岗人数（月末）",
        "en": "Headcount by {dim} (month end)",
    },
    "headcount.chart_flows": {"zh": "每月入职与离职", "en": "Hires and exits per month"},
    "headcount.reading_total": {
        "zh": "在岗人数由 {start_month} 的 {start} 人变为 {end_month} 的 {end} 人（{change}）。",
        "en": "Headcount went from {start} in {start_month} to {end} in {end_month} ({change}).",
    },
    "headcount.reading_breakdown": {
        "zh": "{end_month} 人数最多的是 {top}（{top_n} 人）。",
        "en": "In {end_month} the largest is {top} ({top_n} people).",
    },
    "headcount.reading_flows": {
        "zh": "所选期间共入职 {hires} 人，离职 {exits} 人。",
        "en": "Over the period {hires} people were hired and {exits} left.",
    },
    "headcount.table_title": {
        "zh": "{month} 各机构、岗位族在岗人数",
        "en": "Headcount by org unit and job family, {month}",
    },
    "headcount.no_data": {"zh": "所选范围内没有数据。", "en": "No data in the selection."},
    # Risk bands and actions
    "band.high": {"zh": "高风险", "en": "High risk"},
    "band.medium": {"zh": "中风险", "en": "Medium risk"},
    "band.low": {"zh": "低风险", "en": "Low risk"},
    "measure.p_exit_12m": {"zh": "12个月内离职概率", "en": "Chance of leaving within 12 months"},
    "action.stay_interview": {
        "zh": "两周内进行一次留任面谈",
        "en": "Hold a stay interview within two weeks",
    },
    "action.manager": {
        "zh": "与直属上级沟通团队稳定性",
        "en": "Talk with the line manager about stability in the team",
    },
    "action.career": {
        "zh": "讨论职业发展与晋升路径",
        "en": "Discuss the career path and promotion prospects",
    },
    "action.coaching": {"zh": "制定绩效辅导计划", "en": "Agree a performance coaching plan"},
    "action.training": {
        "zh": "安排推荐课程 {course}",
        "en": "Enrol in the recommended course {course}",
    },
    "action.monitor": {
        "zh": "保持关注，下季度复查",
        "en": "Keep an eye on it; review next quarter",
    },
    # More axes
    "axis.band": {"zh": "风险等级", "en": "Risk band"},
    "axis.competency": {"zh": "胜任力", "en": "Competency"},
    "axis.course": {"zh": "课程", "en": "Course"},
    "axis.period_end": {"zh": "考核期末", "en": "End of review period"},
    "axis.score": {"zh": "绩效得分（分）", "en": "Performance score (points)"},
    "axis.share_below": {
        "zh": "低于岗位要求的人员占比（%）",
        "en": "Share of people below the job's requirement (%)",
    },
    "axis.stage": {"zh": "阶段", "en": "Stage"},
    "axis.weight": {"zh": "权重（%）", "en": "Weight (%)"},
    # Talent portrait
    "portrait.search": {"zh": "查找员工", "en": "Find an employee"},
    "portrait.search_hint_name": {
        "zh": "输入姓名或员工编号的一部分。",
        "en": "Type part of a name or an employee number.",
    },
    "portrait.search_hint_number": {
        "zh": "输入化名编号（16位十六进制，与分析师数据集相同）的一部分；分析师角色不显示姓名。",
        "en": "Type part of a pseudonym (16 hex characters, as in the analyst schema); the analyst role sees no names.",
    },
    "portrait.pick": {"zh": "选择员工", "en": "Choose the employee"},
    "portrait.not_found": {
        "zh": "在您可查看的范围内没有找到此员工。",
        "en": "No such employee in the part of the organisation you may see.",
    },
    "portrait.tenure": {"zh": "司龄（月）", "en": "Tenure (months)"},
    "portrait.courses": {"zh": "已完成 / 已报名课程", "en": "Courses completed / enrolled"},
    "portrait.trajectory": {"zh": "绩效走势", "en": "Performance trajectory"},
    "portrait.chart_radar": {
        "zh": "胜任力与岗位要求",
        "en": "Competencies against the job's requirement",
    },
    "portrait.series_person": {"zh": "本人（AI面试）", "en": "This person (AI interview)"},
    "portrait.series_required": {"zh": "岗位要求", "en": "Job requirement"},
    "portrait.reading_radar": {
        "zh": "有 {gaps} 项胜任力低于岗位要求；差距最大的是{largest}。",
        "en": "{gaps} competencies are below the job's requirement; the largest gap is {largest}.",
    },
    "portrait.no_assessment": {
        "zh": "此员工没有AI面试评分。",
        "en": "This employee has no AI-interview scores.",
    },
    "portrait.chart_performance": {"zh": "绩效轨迹", "en": "Performance trajectory"},
    "portrait.reading_performance": {
        "zh": "共 {n} 次考核，最近一次得分 {last}（等级 {grade}）。",
        "en": "{n} reviews; the latest scored {last} (grade {grade}).",
    },
    "portrait.no_reviews": {"zh": "尚无绩效考核记录。", "en": "No performance reviews yet."},
    "portrait.risk": {"zh": "离职风险", "en": "Retention risk"},
    "portrait.no_risk": {"zh": "尚无离职风险评分。", "en": "No retention risk score yet."},
    "portrait.drivers": {"zh": "**主要因素**", "en": "**Main drivers**"},
    "portrait.actions": {"zh": "**建议行动**", "en": "**Suggested actions**"},
    # Retention page
    "retention.chart_bands": {"zh": "各岗位族离职风险分布", "en": "Retention risk by job family"},
    "retention.reading_bands": {
        "zh": "{total} 人中有 {high} 人处于高风险。",
        "en": "{high} of {total} people are at high risk.",
    },
    "retention.people_title": {"zh": "我的范围内的人员", "en": "People in my scope"},
    "retention.search": {"zh": "在名单中查找", "en": "Search the list"},
    "retention.people_shown": {
        "zh": "共 {total} 人，按离职风险从高到低显示 {shown} 人。",
        "en": "{shown} of {total} people, highest risk first.",
    },
    "retention.people_narrow": {
        "zh": "可用侧栏筛选、风险等级或查找缩小范围。",
        "en": "Narrow the list with the sidebar filters, the band or the search.",
    },
    "retention.backtest_title": {
        "zh": "去年预测的回测",
        "en": "Back-test of last year's predictions",
    },
    "retention.chart_backtest": {
        "zh": "预测离职率与实际离职率",
        "en": "Predicted against actual leaving rate",
    },
    "retention.reading_backtest": {
        "zh": "{date} 的高风险组预测离职率 {predicted}，实际 {actual}。",
        "en": "For the high-risk group on {date}: predicted {predicted}, actual {actual}.",
    },
    "retention.predicted": {"zh": "预测", "en": "Predicted"},
    "retention.actual": {"zh": "实际", "en": "Actual"},
    # Recruitment page
    "recruitment.chart_funnel": {
        "zh": "各岗位族招聘漏斗",
        "en": "Recruitment funnel by job family",
    },
    "recruitment.reading_funnel": {
        "zh": "{candidates} 名候选人中录用 {hired} 人（{rate}）。",
        "en": "{hired} of {candidates} candidates were hired ({rate}).",
    },
    "recruitment.stage_candidates": {"zh": "参加AI面试", "en": "AI-interviewed"},
    "recruitment.stage_advanced": {"zh": "AI建议进入下一轮", "en": "Advanced by the AI"},
    "recruitment.stage_hired": {"zh": "录用", "en": "Hired"},
    "recruitment.agreement_title": {
        "zh": "AI与面试官评分一致性",
        "en": "Agreement of the AI with human interviewers",
    },
    "recruitment.adverse_title": {"zh": "不利影响审计", "en": "Adverse-impact audit"},
    "recruitment.agreement_table": {
        "zh": "一致性明细（各层级与指标）",
        "en": "Agreement in detail (every level and metric)",
    },
    "recruitment.adverse_table": {
        "zh": "审计明细（各类别）",
        "en": "Audit in detail (every category)",
    },
    "recruitment.chart_agreement": {
        "zh": "AI与面试官评分相差不超过一分的比例（按胜任力和岗位族）",
        "en": "Share of AI and human scores within one point, by competency and job family",
    },
    "recruitment.reading_agreement": {
        "zh": "{cells} 个有足够样本的单元格中有 {below} 个低于 {threshold}；{insufficient} 个样本不足。",
        "en": "{below} of {cells} cells with enough pairs are under {threshold}; {insufficient} have too few pairs.",
    },
    "recruitment.agreement_legend": {
        "zh": "与 {threshold} 阈值相比",
        "en": "Against the {threshold} threshold",
    },
    "recruitment.agreement_meets": {"zh": "达到阈值", "en": "Meets the threshold"},
    "recruitment.agreement_below": {"zh": "低于阈值", "en": "Below the threshold"},
    "recruitment.insufficient": {"zh": "样本不足", "en": "Too few pairs"},
    "recruitment.audit": {"zh": "审计对象", "en": "Audited decision"},
    "recruitment.audit_ai_recommendation": {"zh": "AI推荐", "en": "AI recommendation"},
    "recruitment.audit_hire_decision": {"zh": "录用决定", "en": "Hiring decision"},
    "recruitment.audit_ai_score": {
        "zh": "AI评分（高于中位数）",
        "en": "AI score (above the median)",
    },
    "recruitment.chart_impact": {
        "zh": "各群体的影响比（五分之四规则：0.8）",
        "en": "Impact ratio by category (four-fifths rule: 0.8)",
    },
    "recruitment.reading_impact": {
        "zh": "{audit}：{ratios} 个影响比中有 {below} 个低于 {threshold}，其中 {flagged} 个统计显著。",
        "en": "{audit}: {below} of {ratios} impact ratios are under {threshold}; {flagged} of them are significant.",
    },
    "recruitment.impact_meets": {"zh": "不低于0.8", "en": "0.8 or more"},
    "recruitment.impact_below": {"zh": "低于0.8", "en": "Under 0.8"},
    # Competency weights page
    "weights.table_title": {
        "zh": "各岗位族当前与建议的胜任力权重",
        "en": "Current and recommended competency weights per job family",
    },
    "weights.chart_title": {
        "zh": "当前权重与建议权重",
        "en": "Current against recommended weights",
    },
    "weights.reading": {
        "zh": "差别最大的是{competency}：当前 {current}%，建议 {recommended}%。",
        "en": "The largest difference is {competency}: {current}% now, {recommended}% recommended.",
    },
    "weights.no_evidence": {
        "zh": "证据不足，不建议调整：数据无法确定任何权重应当改变，保持当前权重。",
        "en": "Not enough evidence to change: the data do not show that any weight should move, so the current weights stay.",
    },
    "weights.current": {"zh": "当前", "en": "Current"},
    "weights.recommended": {"zh": "建议", "en": "Recommended"},
    "weights.reranking_title": {
        "zh": "按建议权重重新排序候选人",
        "en": "Candidates re-ranked with the recommended weights",
    },
    # Training page
    "training.gaps_title": {"zh": "各机构技能差距", "en": "Skill gaps by org unit"},
    "training.chart_gaps": {
        "zh": "低于岗位要求的人员占比",
        "en": "Share of people below the job's requirement",
    },
    "training.reading_gaps": {
        "zh": "差距最普遍的是{competency}：{share} 的人员低于要求。",
        "en": "The most common gap is {competency}: {share} of people are below the requirement.",
    },
    "training.recommendations_title": {"zh": "培训推荐", "en": "Training recommendations"},
    "training.completion_title": {"zh": "培训完成情况", "en": "Training completion"},
    "training.chart_completion": {"zh": "各课程完成率", "en": "Completion rate by course"},
    "training.reading_completion": {
        "zh": "{enrolled} 人次报名，完成率 {rate}。",
        "en": "{enrolled} enrolments, {rate} completed.",
    },
    "training.effect_title": {"zh": "培训效果", "en": "Training effect"},
    # Data quality page
    "quality.alerts_title": {"zh": "最新告警", "en": "Latest alerts"},
    "quality.quarantine_title": {
        "zh": "按来源和规则统计的隔离记录",
        "en": "Quarantined rows by source and rule",
    },
    "quality.ids_title": {"zh": "员工编号匹配情况", "en": "Employee ID resolution"},
    "quality.published_at": {
        "zh": "当前显示的数据副本发布于 {time}（UTC）。",
        "en": "The data shown was published at {time} (UTC).",
    },
    "quality.not_published": {
        "zh": "最新一次构建未发布（仍显示上一份合格的数据），原因：",
        "en": "The latest build was not published (the previous good data is still shown) because:",
    },
    "quality.warnings_since": {
        "zh": "发布后记录的警告：",
        "en": "Warnings recorded since publication:",
    },
    "quality.reason": {
        "zh": "{what}：{where}（{severity}{rows}；{time} UTC）",
        "en": "{what}: {where} ({severity}{rows}; {time} UTC)",
        "fr": "{what} : {where} ({severity}{rows} ; {time} UTC)",
    },
    "quality.reason_rows": {"zh": "，{n} 行", "en": ", {n} rows", "fr": ", {n} lignes"},
    "quality.no_new_alerts": {
        "zh": "发布后没有新的告警。",
        "en": "No alerts recorded since publication.",
    },
    # Strategy report
    "report.title": {"zh": "人才战略月报", "en": "People strategy report"},
    "report.subtitle": {
        "zh": "报告期：{period} · 生成日期：{generated}",
        "en": "Period: {period} · generated {generated}",
    },
    "report.section_changed": {"zh": "变化", "en": "What changed"},
    "report.section_risk": {"zh": "风险", "en": "What is at risk"},
    "report.section_decide": {"zh": "待决策事项", "en": "What to decide"},
    "report.hires_12m": {"zh": "近12个月入职", "en": "Hires, last 12 months"},
    "report.exits_12m": {"zh": "近12个月离职", "en": "Exits, last 12 months"},
    "report.vs_year_ago": {"zh": "较一年前 {delta}", "en": "{delta} on a year ago"},
    "report.changed_headcount": {
        "zh": "在岗人数为 {headcount} 人，较一年前变化 {change}（{share}）。",
        "en": "Headcount is {headcount}, {change} on a year ago ({share}).",
    },
    "report.headcount_only": {
        "zh": "在岗人数为 {headcount} 人。",
        "en": "Headcount is {headcount}.",
    },
    "report.changed_flows": {
        "zh": "近12个月入职 {hires} 人，离职 {exits} 人。",
        "en": "In the last 12 months {hires} people joined and {exits} left.",
    },
    "report.changed_attrition": {
        "zh": "近12个月离职率为 {rate}，上一年同期为 {previous}。",
        "en": "Attrition over the last 12 months is {rate}, against {previous} the year before.",
    },
    "report.attrition_only": {
        "zh": "近12个月离职率为 {rate}。",
        "en": "Attrition over the last 12 months is {rate}.",
    },
    "report.risk_summary": {
        "zh": "{high} 人处于高离职风险；预计未来12个月约有 {expected} 人离职。",
        "en": "{high} people are at high risk of leaving; about {expected} are expected to leave in the next 12 months.",
    },
    "report.risk_top_family": {
        "zh": "预计离职人数最多的岗位族是{family}（约 {expected} 人）。",
        "en": "The most expected leavers are in {family} (about {expected}).",
    },
    "report.risk_not_built": {
        "zh": "离职风险模型尚未构建。",
        "en": "The retention risk model is not built yet.",
    },
    "report.decide_pilot_pass": {
        "zh": "AI面试试点的 {total} 项标准均已达到：可决定是否推广。",
        "en": "All {total} criteria of the AI-interview pilot are met: decide whether to roll it out.",
    },
    "report.decide_pilot_fail": {
        "zh": "AI面试试点 {total} 项标准中有 {failing} 项未达到（{names}）：决定是否继续、调整或暂停。",
        "en": "{failing} of {total} AI-interview pilot criteria are not met ({names}): decide whether to continue, adjust or pause.",
    },
    "report.decide_weights": {
        "zh": "{families}的招聘权重与建议权重存在显著差异：决定是否调整胜任力模型。",
        "en": "Hiring weights for {families} differ significantly from the recommended ones: decide whether to change the competency model.",
    },
    "report.weights_no_evidence": {
        "zh": "招聘权重：证据不足，不建议调整，保持当前胜任力模型。",
        "en": "Hiring weights: not enough evidence to change any of them; the competency model stays as it is.",
    },
    "report.decide_retention": {
        "zh": "批准针对{family}的留任行动计划。",
        "en": "Approve a retention plan for {family}.",
    },
    "report.decide_nothing": {
        "zh": "本期没有需要决策的事项。",
        "en": "Nothing needs a decision this period.",
    },
    "report.chart_flows": {"zh": "每季度入职与离职", "en": "Hires and exits per quarter"},
    "report.reading_flows": {
        "zh": "图中各季度共入职 {hires} 人，离职 {exits} 人。",
        "en": "The quarters shown add up to {hires} hires and {exits} exits.",
    },
    "axis.quarter": {"zh": "季度", "en": "Quarter"},
    "report.chart_risk": {
        "zh": "各岗位族预计离职人数（未来12个月）",
        "en": "Expected leavers by job family (next 12 months)",
    },
    "axis.expected_leavers": {"zh": "预计离职人数（人）", "en": "Expected leavers (people)"},
    "report.pilot_criterion": {"zh": "标准", "en": "Criterion"},
    "report.pilot_passed": {"zh": "通过 / 检查项", "en": "Passed / checks"},
    "report.pilot_failed": {"zh": "未通过", "en": "Failed"},
    "report.pilot_insufficient": {"zh": "样本不足", "en": "Not enough data"},
    "report.privacy_note": {
        "zh": "本报告仅含汇总数据；标 ≈ 的数字经过扰动（从不低于真实人数），全行合计为准确值；少于 {k} 人的分组不计入平均值与预计离职人数。",
        "en": "This report holds aggregates only; figures marked ≈ are perturbed (never below the true count), whole-bank totals are exact; groups of fewer than {k} people are left out of averages and expected leavers.",
    },
    "report.missing_note": {
        "zh": "尚未构建的数据：{tables}。",
        "en": "Not built yet: {tables}.",
    },
    # Executive overview
    "overview.forecast_title": {
        "zh": "离职预测（未来12个月）",
        "en": "Attrition forecast (next 12 months)",
    },
    "overview.expected_leavers": {"zh": "预计离职人数", "en": "Expected leavers"},
    "overview.forecast_rate": {"zh": "预计离职率", "en": "Forecast attrition rate"},
    "overview.reading_forecast": {
        "zh": "按当前风险评分，预计未来12个月约有 {expected} 人离职（{rate}）。",
        "en": "On current risk scores about {expected} people are expected to leave in the next 12 months ({rate}).",
    },
    "overview.hiring_title": {"zh": "招聘质量", "en": "Hiring quality"},
    "overview.chart_hiring": {
        "zh": "AI面试录用人员的平均绩效（按入职年份）",
        "en": "Mean performance of AI-interviewed hires, by hire year",
    },
    "overview.reading_hiring": {
        "zh": "{year} 年入职的 {hires} 人平均绩效得分为 {score}。",
        "en": "The {hires} people hired in {year} average a performance score of {score}.",
    },
    "axis.hire_year": {"zh": "入职年份", "en": "Hire year"},
    "overview.pilot_title": {"zh": "AI面试试点状态", "en": "AI-interview pilot status"},
    "overview.pilot_met": {"zh": "已达到的标准", "en": "Criteria met"},
    # Performance trajectory (values of employee_portraits.perf_trajectory)
    "trajectory.improving": {"zh": "上升", "en": "Improving"},
    "trajectory.declining": {"zh": "下降", "en": "Declining"},
    "trajectory.steady": {"zh": "平稳", "en": "Steady"},
    "trajectory.not_enough": {"zh": "考核次数不足", "en": "Not enough reviews"},
    # Table columns
    "col.employee": {"zh": "员工", "en": "Employee"},
    "col.name": {"zh": "姓名", "en": "Name"},
    "col.drivers": {"zh": "主要因素", "en": "Main driver"},
    "col.actions": {"zh": "建议行动", "en": "Suggested actions"},
    # Code labels (dashboards/labels.py): the words for the codes the data carries
    "statistic.within_one": {
        "zh": "相差不超过一分的比例",
        "en": "Share within one point",
        "fr": "Part à un point près",
    },
    "statistic.kappa_quadratic": {
        "zh": "加权卡帕系数（扣除偶然一致后的一致程度）",
        "en": "Weighted kappa (agreement beyond chance)",
        "fr": "Kappa pondéré (accord au-delà du hasard)",
    },
    "statistic.icc": {
        "zh": "组内相关系数",
        "en": "Intraclass correlation",
        "fr": "Corrélation intraclasse",
    },
    "statistic.mean_difference": {
        "zh": "平均分差（AI减面试官）",
        "en": "Mean difference (AI minus human)",
        "fr": "Écart moyen (IA moins humain)",
    },
    "statistic.loa_lower": {
        "zh": "一致性界限（下限）",
        "en": "Limit of agreement (lower)",
        "fr": "Limite d’accord (basse)",
    },
    "statistic.loa_upper": {
        "zh": "一致性界限（上限）",
        "en": "Limit of agreement (upper)",
        "fr": "Limite d’accord (haute)",
    },
    "level.competency_family_version_month": {
        "zh": "胜任力 × 岗位族 × 模型版本 × 月份",
        "en": "Competency × job family × model version × month",
        "fr": "Compétence × famille de postes × version du modèle × mois",
    },
    "level.competency_family_version": {
        "zh": "胜任力 × 岗位族 × 模型版本",
        "en": "Competency × job family × model version",
        "fr": "Compétence × famille de postes × version du modèle",
    },
    "level.competency_family_month": {
        "zh": "胜任力 × 岗位族 × 月份",
        "en": "Competency × job family × month",
        "fr": "Compétence × famille de postes × mois",
    },
    "level.competency_family": {
        "zh": "胜任力 × 岗位族",
        "en": "Competency × job family",
        "fr": "Compétence × famille de postes",
    },
    "level.competency": {
        "zh": "胜任力（全部岗位族）",
        "en": "Competency (all job families)",
        "fr": "Compétence (toutes familles)",
    },
    "criterion.integration_sync_success": {
        "zh": "系统对接：编号匹配率",
        "en": "Integration: IDs matched to one employee",
        "fr": "Intégration : identifiants rapprochés d’un salarié",
    },
    "criterion.integration_conflict_rate": {
        "zh": "系统对接：编号冲突率",
        "en": "Integration: IDs matched to two people",
        "fr": "Intégration : identifiants rapprochés de deux personnes",
    },
    "criterion.ai_human_consistency": {
        "zh": "AI与面试官评分一致性",
        "en": "Consistency of AI and human scores",
        "fr": "Cohérence des notes de l’IA et des recruteurs",
    },
    "criterion.hr_satisfaction": {
        "zh": "HR用户满意度",
        "en": "HR users’ satisfaction",
        "fr": "Satisfaction des utilisateurs RH",
    },
    "criterion.candidate_satisfaction": {
        "zh": "候选人满意度",
        "en": "Candidates’ satisfaction",
        "fr": "Satisfaction des candidats",
    },
    "criterion.adverse_impact": {
        "zh": "不利影响（五分之四规则）",
        "en": "Adverse impact (four-fifths rule)",
        "fr": "Impact défavorable (règle des quatre cinquièmes)",
    },
    "pilot_status.pass": {"zh": "达标", "en": "Met", "fr": "Atteint"},
    "pilot_status.fail": {"zh": "未达标", "en": "Not met", "fr": "Non atteint"},
    "pilot_status.review": {
        "zh": "待人工复核",
        "en": "For a person to review",
        "fr": "À examiner par une personne",
    },
    "pilot_status.insufficient": {
        "zh": "数据不足",
        "en": "Not enough data",
        "fr": "Données insuffisantes",
    },
    "pilot_status.ok": {"zh": "已计算", "en": "Computed", "fr": "Calculé"},
    "pilot_status.undefined": {
        "zh": "无法计算",
        "en": "Cannot be computed",
        "fr": "Non calculable",
    },
    "outcome.selection": {"zh": "是否入选", "en": "Selection", "fr": "Sélection"},
    "outcome.scoring": {"zh": "评分高低", "en": "Score", "fr": "Note"},
    "dimension.sex": {"zh": "性别", "en": "Sex", "fr": "Sexe"},
    "dimension.age_band": {"zh": "年龄段", "en": "Age band", "fr": "Tranche d’âge"},
    "dimension.age_35": {
        "zh": "35岁以下或以上",
        "en": "Under or over 35",
        "fr": "Moins ou plus de 35 ans",
    },
    "dimension.sex_x_age_band": {
        "zh": "性别与年龄段",
        "en": "Sex and age band",
        "fr": "Sexe et tranche d’âge",
    },
    "category.female": {"zh": "女性", "en": "Women", "fr": "Femmes"},
    "category.male": {"zh": "男性", "en": "Men", "fr": "Hommes"},
    "category.unknown": {"zh": "未填写", "en": "Not stated", "fr": "Non renseigné"},
    "category.age_under": {"zh": "{n}岁以下", "en": "under {n}", "fr": "moins de {n} ans"},
    "category.age_between": {
        "zh": "{low}–{high}岁",
        "en": "aged {low}–{high}",
        "fr": "{low}–{high} ans",
    },
    "category.age_plus": {"zh": "{n}岁及以上", "en": "{n} and over", "fr": "{n} ans et plus"},
    "category.combined": {
        "zh": "{first}，{second}",
        "en": "{first}, {second}",
        "fr": "{first}, {second}",
    },
    "impact_status.included": {"zh": "已比较", "en": "Compared", "fr": "Comparé"},
    "impact_status.reference": {
        "zh": "参照组（比率最高）",
        "en": "Reference (highest rate)",
        "fr": "Référence (taux le plus élevé)",
    },
    "impact_status.excluded_small": {
        "zh": "人数过少，未比较",
        "en": "Too few to compare",
        "fr": "Trop peu pour comparer",
    },
    "impact_status.unknown": {
        "zh": "信息未填写，未比较",
        "en": "Not stated, not compared",
        "fr": "Non renseigné, non comparé",
    },
    "impact_status.undefined": {
        "zh": "无法计算",
        "en": "Cannot be computed",
        "fr": "Non calculable",
    },
    "channel.campus": {"zh": "校园招聘", "en": "Campus", "fr": "Campus"},
    "channel.social": {"zh": "社会招聘", "en": "Open market", "fr": "Marché externe"},
    "channel.referral": {"zh": "内部推荐", "en": "Employee referral", "fr": "Cooptation"},
    "severity.error": {
        "zh": "错误（阻止发布）",
        "en": "Error (stops publication)",
        "fr": "Erreur (bloque la publication)",
    },
    "severity.warn": {"zh": "警告", "en": "Warning", "fr": "Avertissement"},
    "severity.info": {"zh": "提示", "en": "Information", "fr": "Information"},
    "rule.malformed_line": {
        "zh": "行无法解析（字段数错误、引号不完整等）",
        "en": "Line cannot be read (wrong number of fields, broken quotes…)",
        "fr": "Ligne illisible (nombre de champs, guillemets…)",
    },
    "rule.implausible_text": {
        "zh": "文字乱码（编码错误）",
        "en": "Garbled text (wrong encoding)",
        "fr": "Texte illisible (mauvais encodage)",
    },
    "rule.formula_cell": {
        "zh": "表格公式未计算出结果",
        "en": "Spreadsheet formula never calculated",
        "fr": "Formule de tableur jamais calculée",
    },
    "rule.stray_header": {
        "zh": "数据中夹有重复的表头行",
        "en": "Repeated header row inside the data",
        "fr": "Ligne d’en-tête répétée dans les données",
    },
    "rule.missing_required": {
        "zh": "必填字段为空",
        "en": "Required field empty",
        "fr": "Champ obligatoire vide",
    },
    "rule.bad_type": {
        "zh": "数值格式错误",
        "en": "Value in the wrong format",
        "fr": "Valeur au mauvais format",
    },
    "rule.not_allowed": {
        "zh": "取值不在允许范围内",
        "en": "Value not among the allowed ones",
        "fr": "Valeur non autorisée",
    },
    "rule.out_of_range": {
        "zh": "数字超出合理范围",
        "en": "Number out of range",
        "fr": "Nombre hors limites",
    },
    "rule.future_date": {
        "zh": "日期晚于加载日期",
        "en": "Date after the load date",
        "fr": "Date postérieure au chargement",
    },
    "rule.impossible_sequence": {
        "zh": "日期先后顺序不可能（如16岁前入职、入职前离职）",
        "en": "Dates in an impossible order (hired before 16, left before joining)",
        "fr": "Dates dans un ordre impossible (embauche avant 16 ans, départ avant l’arrivée)",
    },
    "rule.unknown_reference": {
        "zh": "引用了不存在的机构、课程或岗位族代码",
        "en": "Refers to an org unit, course or job family that does not exist",
        "fr": "Renvoie à une unité, un cours ou une famille inexistants",
    },
    "rule.empty_file": {"zh": "文件为空", "en": "Empty file", "fr": "Fichier vide"},
    "rule.undecodable": {
        "zh": "文件编码无法识别",
        "en": "File encoding not recognised",
        "fr": "Encodage du fichier non reconnu",
    },
    "rule.wrong_columns": {
        "zh": "文件缺少必需的列",
        "en": "File lacks required columns",
        "fr": "Colonnes obligatoires manquantes",
    },
    "rule.unreadable": {
        "zh": "文件损坏或格式不符",
        "en": "File damaged or not in the expected format",
        "fr": "Fichier endommagé ou au mauvais format",
    },
    "rule.erased": {
        "zh": "已按删除请求清除",
        "en": "Erased on request",
        "fr": "Effacé sur demande",
    },
    "check.quarantine": {
        "zh": "行被隔离",
        "en": "Rows set aside",
        "fr": "Lignes mises de côté",
    },
    "check.unique": {
        "zh": "重复的记录",
        "en": "Duplicate records",
        "fr": "Enregistrements en double",
    },
    "check.not_null": {"zh": "缺少数值", "en": "Missing values", "fr": "Valeurs manquantes"},
    "check.in_set": {
        "zh": "取值不在允许范围内",
        "en": "Values not among the allowed ones",
        "fr": "Valeurs non autorisées",
    },
    "check.between": {
        "zh": "数值超出合理范围",
        "en": "Values out of range",
        "fr": "Valeurs hors limites",
    },
    "check.regex": {
        "zh": "编号格式不符",
        "en": "IDs in an unexpected format",
        "fr": "Identifiants au format inattendu",
    },
    "check.a_le_b": {
        "zh": "日期或数值先后顺序不对",
        "en": "Dates or values in the wrong order",
        "fr": "Dates ou valeurs dans le mauvais ordre",
    },
    "check.references": {
        "zh": "引用了不存在的代码",
        "en": "References to codes that do not exist",
        "fr": "Renvois à des codes inexistants",
    },
    "check.rows": {
        "zh": "记录违反业务规则",
        "en": "Records break a business rule",
        "fr": "Enregistrements contraires à une règle métier",
    },
    "check.row_count": {
        "zh": "行数异常（与上次交付相比）",
        "en": "Unusual number of rows (against the previous delivery)",
        "fr": "Nombre de lignes inhabituel (par rapport à la livraison précédente)",
    },
    "check.schema": {
        "zh": "表结构不符或缺失",
        "en": "Table missing or with the wrong columns",
        "fr": "Table absente ou colonnes incorrectes",
    },
    "check.freshness": {"zh": "数据交付延迟", "en": "Late delivery", "fr": "Livraison en retard"},
    "check.reconciliation": {
        "zh": "汇总数与明细不一致",
        "en": "Totals do not match the detail",
        "fr": "Totaux différents du détail",
    },
    "check.score_drift": {
        "zh": "AI评分分布发生变化",
        "en": "AI scores shifted",
        "fr": "Dérive des notes de l’IA",
    },
    "check.failed_step": {
        "zh": "构建步骤失败",
        "en": "A build step failed",
        "fr": "Une étape de construction a échoué",
    },
    "check.pilot": {
        "zh": "AI面试试点标准：{criterion}",
        "en": "AI-interview pilot criterion: {criterion}",
        "fr": "Critère du pilote d’entretien IA : {criterion}",
    },
    "common.action": {"zh": "建议行动：", "en": "Action:", "fr": "Action :"},
    "common.yes": {"zh": "是", "en": "Yes", "fr": "Oui"},
    "common.no": {"zh": "否", "en": "No", "fr": "Non"},
    "export.status_suffix": {"zh": "（状态）", "en": " (status)", "fr": " (statut)"},
    "axis.dimension": {"zh": "维度", "en": "Dimension", "fr": "Dimension"},
    "axis.mean_score": {
        "zh": "平均绩效得分（1–10分）",
        "en": "Mean performance score (1–10)",
        "fr": "Note de performance moyenne (1–10)",
    },
    # Recruitment page: the pilot's headline
    "recruitment.kpi_pilot": {
        "zh": "试点标准达标",
        "en": "Pilot criteria met",
        "fr": "Critères du pilote atteints",
    },
    "recruitment.kpi_hire_rate": {
        "zh": "AI面试候选人录用率",
        "en": "AI-interviewed candidates hired",
        "fr": "Candidats interviewés par l’IA embauchés",
    },
    "recruitment.kpi_agreement": {
        "zh": "AI与面试官评分一致的单元",
        "en": "Cells where AI and humans agree",
        "fr": "Cellules où l’IA et les recruteurs s’accordent",
    },
    "recruitment.kpi_impact": {
        "zh": "低于五分之四线的群体",
        "en": "Groups under the four-fifths line",
        "fr": "Groupes sous la ligne des quatre cinquièmes",
    },
    "recruitment.headline_reading": {
        "zh": "{failing} 项试点标准未达标；{below} 个胜任力与岗位族单元中AI与面试官相差不超过一分的比例低于 {threshold}；在各项审计中有 {under} 个群体的入选率低于最高群体的五分之四。",
        "en": "{failing} pilot criteria are not met; in {below} competency and job-family cells fewer than {threshold} of AI and human scores are within one point; {under} groups are selected at under four-fifths of the best group’s rate in the audited decisions.",
        "fr": "{failing} critères du pilote ne sont pas atteints ; dans {below} cellules compétence et famille, moins de {threshold} des notes IA et humaines sont à un point près ; {under} groupes sont sélectionnés à moins des quatre cinquièmes du taux du meilleur groupe dans les décisions auditées.",
    },
    "recruitment.action_fail": {
        "zh": "推广前先与试点负责人复核以下标准：{criteria}。",
        "en": "Review these criteria with the pilot’s owner before deciding on a rollout: {criteria}.",
        "fr": "Revoir ces critères avec le responsable du pilote avant de décider du déploiement : {criteria}.",
    },
    "recruitment.action_pass": {
        "zh": "试点各项标准均已达到，可决定是否推广。",
        "en": "The pilot meets every criterion: decide whether to roll it out.",
        "fr": "Le pilote atteint tous ses critères : décider du déploiement.",
    },
    "recruitment.action_wait": {
        "zh": "试点评分卡尚未生成，请在下一次构建后查看。",
        "en": "The pilot scorecard is not built yet; look again after the next build.",
        "fr": "Le tableau de bord du pilote n’est pas encore construit ; revenir après la prochaine construction.",
    },
    "recruitment.hiring_title": {
        "zh": "录用质量",
        "en": "Quality of hires",
        "fr": "Qualité des recrutements",
    },
    "recruitment.chart_hiring": {
        "zh": "AI面试录用人员的平均绩效（按入职年份）",
        "en": "Mean performance of AI-interviewed hires, by hire year",
        "fr": "Performance moyenne des recrues interviewées par l’IA, par année d’embauche",
    },
    "recruitment.reading_hiring": {
        "zh": "{year} 年入职的 {hires} 人平均绩效 {score} 分（{first_year} 年为 {first_score} 分），满分10分。",
        "en": "The {hires} people hired in {year} average {score} out of 10 ({first_score} for {first_year}).",
        "fr": "Les {hires} personnes embauchées en {year} ont en moyenne {score} sur 10 ({first_score} pour {first_year}).",
    },
    "recruitment.stats_explained_title": {
        "zh": "如何理解这些统计量",
        "en": "What the statistics mean",
        "fr": "Ce que disent les statistiques",
    },
    "recruitment.stats_explained": {
        "zh": "- **相差不超过一分的比例**：同一候选人的AI评分与面试官评分相差不超过一分的比例；试点要求至少 {threshold}。\n- **加权卡帕系数**：扣除偶然一致后，AI与面试官评分的一致程度；0 表示与随机相同，1 表示完全一致，0.8 以上通常视为很好。\n- **组内相关系数**：AI与面试官评分的排序和水平是否一致，读法与卡帕系数相同。\n- **影响比**：某一群体的入选率除以入选率最高群体的入选率。低于 0.8（五分之四规则）提示可能存在不利影响。\n- **p值**：若实际并无差异，出现如此大差距的概率；经多重比较校正后低于 0.05 视为统计显著。低于 0.8 但不显著的比率需由人工复核。\n- **95%区间**：在数据允许的范围内，真实数值有 95% 的把握落在此区间内；区间越宽，证据越弱。",
        "en": "- **Share within one point**: how often the AI's score and a human interviewer's score for the same candidate are at most one point apart; the pilot asks for at least {threshold}.\n- **Weighted kappa**: how far AI and human scores agree beyond what chance would give; 0 is chance, 1 is perfect, above 0.8 is usually read as very good.\n- **Intraclass correlation**: whether AI and human scores rank and level candidates alike; read like kappa.\n- **Impact ratio**: a group's selection rate divided by the rate of the group selected most. Under 0.8 (the four-fifths rule) suggests adverse impact.\n- **p-value**: the chance of a gap this large if there were no real difference; under 0.05 after correcting for the many comparisons counts as significant. A ratio under 0.8 that is not significant is for a person to review.\n- **95% interval**: the range the true figure lies in with 95% confidence, as far as the data tell; the wider it is, the weaker the evidence.",
        "fr": "- **Part à un point près** : la fréquence à laquelle la note de l’IA et celle d’un recruteur pour le même candidat diffèrent d’un point au plus ; le pilote demande au moins {threshold}.\n- **Kappa pondéré** : l’accord des notes au-delà du hasard ; 0 est le hasard, 1 l’accord parfait, au-dessus de 0,8 est très bon.\n- **Corrélation intraclasse** : si l’IA et les recruteurs classent et situent les candidats de la même façon ; se lit comme le kappa.\n- **Ratio d’impact** : le taux de sélection d’un groupe divisé par celui du groupe le plus sélectionné. Sous 0,8 (règle des quatre cinquièmes), un impact défavorable est possible.\n- **Valeur p** : la probabilité d’un tel écart s’il n’y avait aucune différence réelle ; sous 0,05 après correction des comparaisons multiples, l’écart est significatif. Un ratio sous 0,8 non significatif est à examiner par une personne.\n- **Intervalle à 95 %** : la plage où se trouve la vraie valeur avec 95 % de confiance ; plus elle est large, plus la preuve est faible.",
    },
    "recruitment.pilot_table": {
        "zh": "试点评分卡明细（各标准）",
        "en": "Pilot scorecard in detail (every criterion)",
        "fr": "Tableau de bord du pilote en détail (chaque critère)",
    },
    "recruitment.funnel_table": {
        "zh": "招聘漏斗明细（岗位族与渠道）",
        "en": "Recruitment funnel in detail (job family and channel)",
        "fr": "Entonnoir de recrutement en détail (famille et canal)",
    },
    # Competency weights page: the headline
    "weights.kpi_families": {
        "zh": "有证据支持调整的岗位族",
        "en": "Job families with evidence for a change",
        "fr": "Familles de postes où un changement est étayé",
    },
    "weights.kpi_changes": {
        "zh": "建议调整的权重",
        "en": "Weights to change",
        "fr": "Pondérations à changer",
    },
    "weights.kpi_gain": {
        "zh": "排序与绩效的相关性提升",
        "en": "Gain in correlation of ranking with performance",
        "fr": "Gain de corrélation du classement avec la performance",
    },
    "weights.headline_reading": {
        "zh": "{total} 个岗位族中有 {families} 个有足够证据调整招聘权重；变化最大的是{family}的{competency}：当前 {current}%，建议 {recommended}%。",
        "en": "{families} of {total} job families have the evidence for a change of hiring weights; the largest is {competency} for {family}: {current}% now, {recommended}% recommended.",
        "fr": "{families} familles de postes sur {total} justifient un changement des pondérations ; le plus grand porte sur {competency} pour {family} : {current} % aujourd’hui, {recommended} % recommandé.",
    },
    "weights.action_review": {
        "zh": "与业务负责人一起复核以下岗位族的胜任力模型：{families}；其他岗位族保持当前权重。",
        "en": "Review the competency model with the business owners for: {families}; keep the current weights elsewhere.",
        "fr": "Revoir le modèle de compétences avec les responsables métier pour : {families} ; garder les pondérations actuelles ailleurs.",
    },
    "weights.action_keep": {
        "zh": "保持当前权重，下次数据更新后再看。",
        "en": "Keep the current weights and look again after the next data update.",
        "fr": "Garder les pondérations actuelles et revoir après la prochaine mise à jour.",
    },
    "weights.no_evidence_family": {
        "zh": "{family}：证据不足，不建议调整任何权重。",
        "en": "{family}: not enough evidence to change any weight.",
        "fr": "{family} : pas assez de preuves pour changer une pondération.",
    },
    "weights.interval_explained": {
        "zh": "建议权重区间：在数据允许的范围内，合适的权重有 95% 的把握落在此区间内。区间包含当前权重时，证据不足以支持调整，建议保持当前权重。",
        "en": "Recommended range: the weight the data support lies in this range with 95% confidence. When the range includes the current weight, the evidence is not enough to change it, and the current weight stays.",
        "fr": "Plage recommandée : la pondération étayée par les données s’y trouve avec 95 % de confiance. Si la plage inclut la pondération actuelle, les preuves ne suffisent pas pour la changer.",
    },
    "weights.reranking_explained": {
        "zh": "用建议权重重新给过去的候选人排序：相关系数越高，排序越能预测录用后的绩效。",
        "en": "Past candidates ranked again with the recommended weights: the higher the correlation, the better the ranking predicts performance after hiring.",
        "fr": "Les candidats passés reclassés avec les pondérations recommandées : plus la corrélation est élevée, mieux le classement prédit la performance.",
    },
    # Data-quality page, for an HR reader
    "quality.kpi_published": {
        "zh": "显示的数据",
        "en": "Data shown",
        "fr": "Données affichées",
    },
    "quality.kpi_current": {"zh": "最新", "en": "Up to date", "fr": "À jour"},
    "quality.kpi_not_current": {
        "zh": "非最新（构建被阻止）",
        "en": "Not the latest (build stopped)",
        "fr": "Pas la dernière (construction arrêtée)",
    },
    "quality.kpi_rows_set_aside": {
        "zh": "被隔离的行（最近一次交付）",
        "en": "Rows set aside (latest delivery)",
        "fr": "Lignes mises de côté (dernière livraison)",
    },
    "quality.kpi_sources": {
        "zh": "涉及的数据来源",
        "en": "Sources concerned",
        "fr": "Sources concernées",
    },
    "quality.kpi_ids_unmatched": {
        "zh": "无法匹配到员工的编号",
        "en": "IDs not matched to one employee",
        "fr": "Identifiants non rapprochés d’un salarié",
    },
    "quality.headline_reading": {
        "zh": "最近一次交付中，{sources} 个数据来源共有 {rows} 行因数据问题被隔离（占读取行的 {share}）；其余数据均已加载。",
        "en": "In the latest delivery {rows} rows from {sources} sources were set aside for a data problem ({share} of the rows read); everything else is loaded.",
        "fr": "Dans la dernière livraison, {rows} lignes de {sources} sources ont été mises de côté pour un problème de données ({share} des lignes lues) ; tout le reste est chargé.",
    },
    "quality.headline_clean": {
        "zh": "最近一次交付的所有行均已加载，没有被隔离的行。",
        "en": "Every row of the latest delivery is loaded; none was set aside.",
        "fr": "Toutes les lignes de la dernière livraison sont chargées ; aucune n’a été mise de côté.",
    },
    "quality.action_blocked": {
        "zh": "请数据负责人处理下方列出的错误，然后重新构建；在此之前页面显示上一份合格的数据。",
        "en": "Ask the data owner to fix the errors listed below and build again; until then the pages show the previous good data.",
        "fr": "Demander au responsable des données de corriger les erreurs ci-dessous et de relancer ; d’ici là, les pages montrent les données valides précédentes.",
    },
    "quality.action_rows": {
        "zh": "请各来源系统的负责人按下表更正这些行，更正后的数据会在下次构建时加载。",
        "en": "Ask the owners of the source systems to correct the rows in the table below; corrected rows load at the next build.",
        "fr": "Demander aux responsables des systèmes sources de corriger les lignes du tableau ci-dessous ; elles seront chargées à la prochaine construction.",
    },
    "quality.action_none": {
        "zh": "无需处理。",
        "en": "Nothing to do.",
        "fr": "Rien à faire.",
    },
    "quality.problems_title": {
        "zh": "哪些数据有问题",
        "en": "What is wrong",
        "fr": "Ce qui ne va pas",
    },
    "quality.col_source": {"zh": "数据来源", "en": "Source", "fr": "Source"},
    "quality.col_problem": {"zh": "问题", "en": "Problem", "fr": "Problème"},
    "quality.col_rows": {"zh": "行数", "en": "Rows", "fr": "Lignes"},
    "quality.col_files": {"zh": "文件数", "en": "Files", "fr": "Fichiers"},
    "quality.col_todo": {"zh": "如何处理", "en": "What to do", "fr": "Que faire"},
    "quality.todo_rows": {
        "zh": "在来源系统中更正这些行并重新导出",
        "en": "Correct the rows in the source system and export again",
        "fr": "Corriger les lignes dans le système source et réexporter",
    },
    "quality.todo_file": {
        "zh": "请来源系统重新发送整个文件",
        "en": "Ask the source system to send the file again",
        "fr": "Demander au système source de renvoyer le fichier",
    },
    "quality.todo_erased": {
        "zh": "无需处理（按删除请求清除）",
        "en": "Nothing (erased on request)",
        "fr": "Rien (effacé sur demande)",
    },
    "quality.problems_where": {
        "zh": "每一行被隔离的记录都保存了文件名、行号和原因，数据负责人可在下方的技术明细中查看。",
        "en": "Every row set aside is kept with its file, line and reason; the data owner finds them in the technical detail below.",
        "fr": "Chaque ligne mise de côté est conservée avec son fichier, sa ligne et sa raison ; le responsable des données les trouve dans le détail technique ci-dessous.",
    },
    "quality.ids_reading": {
        "zh": "各来源共出现 {seen} 个员工编号：{unmatched} 个无法匹配到员工，{conflicting} 个同时匹配到两人。匹配率最低的是{source}（{rate}）。",
        "en": "The sources name {seen} employee IDs: {unmatched} match no employee and {conflicting} match two people. The lowest match rate is {source}’s ({rate}).",
        "fr": "Les sources citent {seen} identifiants : {unmatched} ne correspondent à aucun salarié et {conflicting} à deux personnes. Le taux le plus bas est celui de {source} ({rate}).",
    },
    "quality.technical_title": {
        "zh": "技术明细（告警编号、批次、检查名称）",
        "en": "Technical detail (alert IDs, loads, check names)",
        "fr": "Détail technique (identifiants d’alerte, chargements, contrôles)",
    },
    "quality.the_build": {"zh": "本次构建", "en": "the build", "fr": "la construction"},
    # The first build, while nothing is published (dashboards/build_progress.py)
    "app.building": {
        "zh": "正在构建示例数据（已用 {seconds} 秒）：{stage}。构建完成后页面会自动打开。",
        "en": "The sample is being built ({seconds} s so far): {stage}. The page opens by itself when it is published.",
        "fr": "L’échantillon est en cours de construction ({seconds} s) : {stage}. La page s’ouvre d’elle-même une fois publiée.",
    },
    "app.building_steps": {
        "zh": "已完成 {done} / {total} 步",
        "en": "{done} of {total} steps done",
        "fr": "{done} étapes sur {total}",
    },
    "build.stage_ingest": {
        "zh": "读取并检查来源文件",
        "en": "reading and checking the source files",
        "fr": "lecture et contrôle des fichiers sources",
    },
    "build.stage_warehouse": {
        "zh": "建立数据仓库",
        "en": "building the warehouse",
        "fr": "construction de l’entrepôt",
    },
    "build.stage_models": {
        "zh": "训练模型（离职风险、胜任力权重、试点评分）",
        "en": "fitting the models (retention risk, competency weights, the pilot)",
        "fr": "ajustement des modèles (risque de départ, pondérations, pilote)",
    },
    "build.stage_marts": {
        "zh": "汇总页面数据",
        "en": "building the pages' tables",
        "fr": "construction des tables des pages",
    },
    "build.stage_publish": {
        "zh": "发布",
        "en": "publishing",
        "fr": "publication",
    },
    # Retention drivers (dashboards/labels.driver_sentence) and the portrait
    "driver.raises": {
        "zh": "{label}为 {value}，使离职风险上升 {points} 个百分点",
        "en": "{label} = {value} raises risk by {points} pts",
        "fr": "{label} = {value} augmente le risque de {points} points",
    },
    "driver.lowers": {
        "zh": "{label}为 {value}，使离职风险下降 {points} 个百分点",
        "en": "{label} = {value} lowers risk by {points} pts",
        "fr": "{label} = {value} réduit le risque de {points} points",
    },
    "driver.years_between": {
        "zh": "{low}–{high} 年",
        "en": "{low}–{high} years",
        "fr": "{low}–{high} ans",
    },
    "driver.years_plus": {
        "zh": "{low} 年以上",
        "en": "{low} years or more",
        "fr": "{low} ans ou plus",
    },
    "driver.not_recorded": {"zh": "未记录", "en": "not recorded", "fr": "non renseigné"},
    "education.high_school": {"zh": "高中", "en": "high school", "fr": "lycée"},
    "education.associate": {"zh": "大专", "en": "associate degree", "fr": "bac +2"},
    "education.bachelor": {"zh": "本科", "en": "bachelor’s degree", "fr": "licence"},
    "education.master": {"zh": "硕士", "en": "master’s degree", "fr": "master"},
    "education.phd": {"zh": "博士", "en": "doctorate", "fr": "doctorat"},
    "portrait.recommended_course": {
        "zh": "推荐课程：{course}（提升{competency}）",
        "en": "Recommended course: {course} (for {competency})",
        "fr": "Cours recommandé : {course} (pour {competency})",
    },
    "weights.no_rows": {
        "zh": "录用后有绩效考核的人数还太少，暂时无法估计权重；保持当前权重。",
        "en": "Too few hires have performance reviews yet to estimate the weights; the current weights stay.",
        "fr": "Trop peu de recrues ont une évaluation pour estimer les pondérations ; les pondérations actuelles restent.",
    },
    "driver.probation_passed": {"zh": "已通过", "en": "passed", "fr": "réussie"},
    "driver.probation_extended": {"zh": "已延长", "en": "extended", "fr": "prolongée"},
    "driver.probation_failed": {"zh": "未通过", "en": "failed", "fr": "échouée"},
    "driver.probation_pending": {"zh": "进行中", "en": "pending", "fr": "en cours"},
    # Exports
    "export.csv": {"zh": "导出 CSV", "en": "Export CSV"},
    "export.xlsx": {"zh": "导出 Excel", "en": "Export Excel"},
}

# Column headers of the tables shown as they are built (model outputs, pilot, data quality).
# A separate map from MESSAGES: they are looked up by column name, not by literal key, and a
# column without a label is shown under its own name.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # ops.alerts
    "alert_id": ("告警编号", "Alert ID"),
    "fingerprint": ("指纹", "Fingerprint"),
    "created_at": ("记录时间（UTC）", "Recorded at (UTC)"),
    "severity": ("严重程度", "Severity"),
    "rule": ("规则", "Rule"),
    "source": ("数据来源", "Source"),
    "asset": ("数据资产", "Asset"),
    "file": ("文件", "File"),
    "counts": ("计数", "Counts"),
    "summary": ("说明", "Summary"),
    "run_id": ("运行编号", "Run ID"),
    "run_url": ("运行链接", "Run link"),
    "status": ("状态", "Status"),
    "grouped_into": ("合并至", "Grouped into"),
    "channels_sent": ("已送达渠道", "Channels sent"),
    "channels_failed": ("失败渠道", "Channels failed"),
    # marts.quarantine_summary, marts.id_resolution_summary
    "quarantine_summary_key": ("汇总键", "Summary key"),
    "summary_key": ("汇总键", "Summary key"),
    "load_id": ("加载批次", "Load"),
    "source_name": ("数据来源", "Source"),
    "quarantine_rule": ("隔离规则", "Quarantine rule"),
    "rows_quarantined": ("隔离行数", "Rows quarantined"),
    "files_affected": ("涉及文件数", "Files affected"),
    "source_rows_read": ("读取行数", "Rows read"),
    "source_files_rejected": ("拒收文件数", "Files rejected"),
    "share_of_rows_read": ("占读取行比例", "Share of rows read"),
    "last_quarantined_at": ("最近隔离时间", "Last quarantined at"),
    "is_all_loads": ("全部批次", "All loads"),
    "ids_seen": ("出现的编号", "IDs seen"),
    "ids_matched": ("已匹配编号", "IDs matched"),
    "ids_unresolved": ("未匹配编号", "IDs unresolved"),
    "ids_conflicting": ("冲突编号", "IDs conflicting"),
    "candidate_ids_not_hired": ("未录用候选人编号", "Candidate IDs not hired"),
    "match_rate": ("匹配率", "Match rate"),
    "conflict_rate": ("冲突率", "Conflict rate"),
    # Recruitment funnel
    "channel": ("招聘渠道", "Channel"),
    "advanced": ("AI建议进入下一轮", "Advanced by the AI"),
    "hired": ("录用", "Hired"),
    "suppressed": ("已隐藏（人数过少）", "Hidden (too few people)"),
    "headcount": ("在岗人数", "Headcount"),
    "exits": ("离职人数", "Exits"),
    "enrolled": ("报名人数", "Enrolled"),
    "completed": ("完成人数", "Completed"),
    # ml.ai_human_agreement
    "level": ("层级", "Level"),
    "competency": ("胜任力", "Competency"),
    "job_family": ("岗位族", "Job family"),
    "model_version": ("模型版本", "Model version"),
    "month": ("月份", "Month"),
    "metric": ("指标", "Metric"),
    "n_pairs": ("评分对数", "Score pairs"),
    "n_blind": ("盲评对数", "Blind pairs"),
    "value": ("数值", "Value"),
    "ci_low": ("95%区间下限", "95% CI low"),
    "ci_high": ("95%区间上限", "95% CI high"),
    "built_at": ("构建时间", "Built at"),
    # ml.adverse_impact
    "audit": ("审计对象", "Audit"),
    "outcome": ("结果类型", "Outcome"),
    "dimension": ("维度", "Dimension"),
    "category": ("类别", "Category"),
    "n": ("人数", "People"),
    "share_of_sample": ("占样本比例", "Share of sample"),
    "hits": ("入选人数", "Selected"),
    "rate": ("比率", "Rate"),
    "impact_ratio": ("影响比", "Impact ratio"),
    "p_value": ("p值", "p-value"),
    "p_value_holm": ("p值（多重比较校正）", "p-value (Holm)"),
    "below_four_fifths": ("低于0.8", "Under 0.8"),
    "is_significant": ("统计显著", "Significant"),
    "flagged": ("需关注", "Flagged"),
    "n_sample": ("样本人数", "Sample size"),
    "median_score": ("评分中位数", "Median score"),
    # marts.hiring_quality
    "assessment_id": ("评估编号", "Assessment ID"),
    "employee_key": ("员工", "Employee"),
    "hire_date": ("入职日期", "Hire date"),
    "branch_code": ("分行", "Branch"),
    "org_unit_code": ("机构", "Org unit"),
    "recruiting_channel": ("招聘渠道", "Recruiting channel"),
    "overall_score": ("AI综合评分", "AI overall score"),
    "predicted_performance": ("预测绩效", "Predicted performance"),
    "observed_performance": ("实际绩效", "Observed performance"),
    "performance_reviews": ("考核次数", "Performance reviews"),
    "performance_gap": ("绩效差距", "Performance gap"),
    "is_miss": ("预测失误", "Miss"),
    "has_left": ("已离职", "Has left"),
    # ml.competency_weights, ml.reranking_summary
    "competency_code": ("胜任力", "Competency"),
    "hires": ("录用人数", "Hires"),
    "std_coefficient": ("标准化系数", "Standardised coefficient"),
    "recommended_weight_pct": ("建议权重（%）", "Recommended weight (%)"),
    "recommended_ci_low": ("建议权重区间下限（%）", "Recommended, CI low (%)"),
    "recommended_ci_high": ("建议权重区间上限（%）", "Recommended, CI high (%)"),
    "current_weight_pct": ("当前权重（%）", "Current weight (%)"),
    "difference_pts": ("差异（百分点）", "Difference (points)"),
    "is_difference_significant": ("差异显著", "Difference significant"),
    "recommended_rank": ("建议排序", "Recommended rank"),
    "candidates": ("候选人数", "Candidates"),
    "hires_with_performance": ("有绩效的录用人数", "Hires with performance"),
    "correlation_current": ("相关系数（当前权重）", "Correlation (current)"),
    "performance_top_half_current": ("前半绩效（当前权重）", "Top-half performance (current)"),
    "performance_bottom_half_current": (
        "后半绩效（当前权重）",
        "Bottom-half performance (current)",
    ),
    "correlation_recommended": ("相关系数（建议权重）", "Correlation (recommended)"),
    "performance_top_half_recommended": (
        "前半绩效（建议权重）",
        "Top-half performance (recommended)",
    ),
    "performance_bottom_half_recommended": (
        "后半绩效（建议权重）",
        "Bottom-half performance (recommended)",
    ),
    # ml.training_effect
    "course_code": ("课程", "Course"),
    "name_en": ("英文名称", "English name"),
    "hours": ("学时", "Hours"),
    "takers": ("参训人数", "Takers"),
    "takers_compared": ("参与比较的参训人数", "Takers compared"),
    "mean_change_takers": ("参训者平均变化", "Mean change, takers"),
    "mean_change_similar": ("相似未参训者平均变化", "Mean change, similar non-takers"),
    "effect": ("效果", "Effect"),
    "is_estimated": ("已估计", "Estimated"),
    "effect_ci_low": ("效果区间下限", "Effect, CI low"),
    "effect_ci_high": ("效果区间上限", "Effect, CI high"),
    # ml.training_recommendations, training gaps
    "rank": ("推荐顺序", "Rank"),
    "course_name_en": ("课程英文名称", "Course (English name)"),
    "required_level": ("要求等级", "Required level"),
    "gap": ("差距", "Gap"),
    "course_effect": ("课程效果", "Course effect"),
    "is_course_effect_significant": ("效果显著", "Effect significant"),
    "reason": ("推荐理由", "Reason"),
    "people": ("人数", "People"),
    "below_required": ("低于要求人数", "Below requirement"),
    "mean_gap": ("平均差距", "Mean gap"),
    # Retention back-test and risk bands
    "snapshot_date": ("预测日期", "Prediction date"),
    "risk_band": ("风险等级", "Risk band"),
    "employees": ("人数", "Employees"),
    "predicted_rate": ("预测离职率", "Predicted rate"),
    "predicted_leavers": ("预测离职人数", "Predicted leavers"),
    "actual_leavers": ("实际离职人数", "Actual leavers"),
    "actual_rate": ("实际离职率", "Actual rate"),
    "share_of_all_leavers": ("占全部离职比例", "Share of all leavers"),
    "expected_leavers": ("预计离职人数", "Expected leavers"),
    # Pilot status
    "criterion": ("标准", "Criterion"),
    "checks": ("检查项", "Checks"),
    "passed": ("通过", "Passed"),
    "failed": ("未通过", "Failed"),
    "insufficient": ("样本不足", "Not enough data"),
    "review": ("待复核", "Under review"),
}


def column_label(column: str, lang: str) -> str:
    """A table column's header in `lang`; the column's own name when it has no label."""
    names = COLUMN_LABELS.get(column)
    return names[0 if lang == "zh" else 1] if names else column


def t(key: str, lang: str, **values: object) -> str:
    """The message in `lang`, with `{placeholders}` filled in; a missing key raises KeyError."""
    text = MESSAGES[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def job_family_name(code: str | None, lang: str) -> str:
    names = JOB_FAMILY_NAMES.get(code) if isinstance(code, str) else None
    return names[0 if lang == "zh" else 1] if names else str(code)


def competency_name(code: str | None, lang: str) -> str:
    names = COMPETENCY_NAMES.get(code) if isinstance(code, str) else None
    return names[0 if lang == "zh" else 1] if names else str(code)
