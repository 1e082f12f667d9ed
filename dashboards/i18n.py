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
    "app.suppressed_note": {
        "zh": "少于 {k} 人的分组已隐藏（含为防止反推而隐藏的补充单元格）。",
        "en": "Groups of fewer than {k} people are hidden (with complementary cells hidden so they cannot be worked out).",
    },
    "app.partial_total": {
        "zh": "合计仅含可显示的分组。",
        "en": "Totals include only the groups that may be shown.",
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
    "auth.sso": {"zh": "通过单点登录（OIDC）登录", "en": "Sign in with single sign-on (OIDC)"},
    "auth.unknown_sso_user": {
        "zh": "您的账号 {email} 尚未分配角色，请联系管理员。",
        "en": "Your account {email} has no role yet; ask an administrator.",
    },
    "auth.no_users": {
        "zh": "尚无用户文件：请按 users.example.toml 的格式创建 {path}。",
        "en": "No users file: create {path} in the format of users.example.toml.",
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
        "zh": "本报告仅含汇总数据；少于 {k} 人的分组已隐藏。",
        "en": "This report holds aggregates only; groups of fewer than {k} people are hidden.",
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
