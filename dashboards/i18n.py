"""Every label, title, reading and message of the dashboards and the report, in Chinese and English.

Keys are referenced literally (`t("page.headcount")`), so tests/dashboard/test_i18n.py can fail
on any key that is used but missing here, or defined here but never used. Data labels (job
families, competencies, org unit names) come from the customer's reference data
(`ingest.vocabulary`) and the marts.
"""

from __future__ import annotations

from ingest import vocabulary

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
    "portrait.recommended": {
        "zh": "推荐课程：{course}（{reason}）",
        "en": "Recommended course: {course} ({reason})",
    },
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
        "zh": "各类别的影响比（四五分之一规则：0.8）",
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
        "zh": "{rule}，位于 {where}（{severity}，{counts}；{time} UTC）",
        "en": "{rule} on {where} ({severity}, {counts}; {time} UTC)",
    },
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
    "p_value_holm": ("p值（Holm校正）", "p-value (Holm)"),
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
    return vocabulary.active().label("job_families", code, lang)


def competency_name(code: str | None, lang: str) -> str:
    return vocabulary.active().label("competencies", code, lang)
