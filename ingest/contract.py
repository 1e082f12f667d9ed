"""The source contract: what each HR system delivers, field by field.

This module is the single source of truth for the landing formats. The reader, the quarantine
rules, the generator, the dbt sources and `ingest/CONTRACT.md` (rendered from here, see
`ingest.contract_doc`) all derive from it, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ingest.vocabulary import Vocabulary

DType = Literal["str", "int", "float", "bool", "date", "datetime"]
Format = Literal["csv", "jsonl", "xlsx"]

# The vocabulary (job families, competencies, rating scale, exit reasons, education levels, pay
# grades, org levels) is the customer's reference data (`ingest.vocabulary`): a field names the
# reference table its values come from (`vocabulary=`), and the AI-interview score fields are
# made per competency when the contract is resolved against a vocabulary (`sources_for`).
RECRUITING_CHANNELS: tuple[str, ...] = ("campus", "social", "referral")
EXIT_TYPES: tuple[str, ...] = ("voluntary", "involuntary", "retirement", "contract_end")
SURVEY_QUESTIONS: dict[str, tuple[str, str]] = {
    "Q1": ("整体满意度", "Overall satisfaction"),
    "Q2": ("易用性", "Ease of use"),
    "Q3": ("评价公平性", "Fairness of assessment"),
    "Q4": ("结果可信度", "Trust in results"),
    "Q5": ("响应速度", "Speed"),
}
BOOL_TRUE: tuple[str, ...] = ("true", "1", "y", "yes", "是", "t")
BOOL_FALSE: tuple[str, ...] = ("false", "0", "n", "no", "否", "f")
DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%Y/%m/%d")

# Quarantine rules, in the order they are checked for a row; a row is reported under the first.
QUARANTINE_RULES: dict[str, str] = {
    "malformed_line": (
        "the line cannot be parsed (wrong field count, broken quoting, invalid JSON, a NUL byte)"
    ),
    "implausible_text": (
        "the text decodes but is not plausible in the file's encoding (mojibake, e.g. cp1252 "
        "bytes read as GBK)"
    ),
    "formula_cell": (
        "a spreadsheet formula whose result was never computed by a spreadsheet program "
        "(no cached value, or the workbook asks to be recalculated)"
    ),
    "stray_header": "a repeated header row inside the data",
    "missing_required": "a required field is empty",
    "bad_type": "a value does not parse as the field's type",
    "not_allowed": "a value is not one of the field's allowed values",
    "out_of_range": "a number is outside the field's range",
    "future_date": "a date or timestamp lies after the load date",
    "impossible_sequence": (
        "dates in an order that cannot happen (hired before age 16, an exit before the "
        "person's first hire)"
    ),
    "unknown_reference": "a code that no org unit / course / job family in the landing defines",
}
# File-level problems: the whole file is rejected and every data row in it is quarantined.
FILE_RULES: dict[str, str] = {
    "empty_file": "the file has no bytes or no data rows",
    "undecodable": "the bytes decode in none of the source's encodings",
    "wrong_columns": "the header lacks required columns or the sheet is not the expected one",
    "unreadable": "the file is truncated, binary or otherwise not of the source's format",
}


@dataclass(frozen=True)
class CodeList:
    """A code list of the contract itself, the same for every organisation (unlike the
    customer's vocabulary): each code with its zh/en label and the spellings exports use for it.
    A delivered value that is a code, a label or a spelling (case and surrounding blanks
    ignored) is loaded as its code, so a Chinese 男 and an English "Female" need no mapping."""

    labels: dict[str, tuple[str, str]]  # code -> (zh, en)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> more spellings

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def canonical(self) -> dict[str, str]:
        """Every accepted spelling, lower-cased, to its code."""
        out: dict[str, str] = {}
        for code, (zh, en) in self.labels.items():
            for spelling in (code, zh, en, *self.spellings.get(code, ())):
                out[spelling.strip().lower()] = code
        return out

    def code_of(self, value: str) -> str | None:
        return self.canonical().get(value.strip().lower())


# Sex as in ICAO 9303 (travel documents): M, F and X for another or an unstated one. Optional:
# a blank is unknown. Used only for fairness audits, so an unstated sex is never a reason to
# lose a person.
SEX = CodeList(
    labels={
        "M": ("男", "Male"),
        "F": ("女", "Female"),
        "X": ("其他或未说明", "Other or not stated"),
    },
    spellings={
        "M": ("man",),
        "F": ("woman",),
        "X": (
            "其他",
            "未说明",
            "未知",
            "other",
            "unspecified",
            "not stated",
            "undisclosed",
            "prefer not to say",
            "non-binary",
            "nonbinary",
            "diverse",
            "unknown",
        ),
    },
)
EMPLOYMENT_STATUS = CodeList(
    labels={"active": ("在职", "Active"), "exited": ("离职", "Exited")},
    spellings={
        "active": ("employed", "current", "on leave", "leave of absence"),
        "exited": (
            "terminated",
            "former",
            "left",
            "voluntarily terminated",
            "involuntarily terminated",
            "terminated for cause",
            "resigned",
            "retired",
        ),
    },
)


@dataclass(frozen=True)
class Field:
    """One column of a landing file."""

    name: str
    dtype: DType
    required: bool
    meaning: str
    zh: str
    en: str
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    not_future: bool = False
    # "<source>.<field>": the value must exist in that reference source of the same landing.
    ref: str | None = None
    # Dotted path inside a JSON record (jsonl sources only); defaults to the name.
    path: str | None = None
    is_id: bool = False
    # The reference table of `ingest.vocabulary` whose codes (or `vocabulary_column`) are the
    # allowed values; filled in as `allowed` when the contract is resolved (`sources_for`).
    vocabulary: str | None = None
    vocabulary_column: str | None = None
    # A template repeated per competency of the vocabulary: `{code}`, `{zh}`, `{en}` in the
    # name, labels, meaning and path are filled in (`score_{code}`).
    per_competency: bool = False
    # A code list of the contract: its codes are the allowed values, and its labels and
    # spellings are loaded as their codes (`ingest.validate`).
    codes: CodeList | None = None

    def __post_init__(self) -> None:
        if self.codes is not None:
            object.__setattr__(self, "allowed", self.codes.codes)


@dataclass(frozen=True)
class Sequence:
    """`later` must come at least `min_years` after `earlier` (both date fields of one row)."""

    earlier: str
    later: str
    min_years: int
    meaning: str


@dataclass(frozen=True)
class Source:
    """One source system extract: a landing folder with one or more files of one format."""

    name: str
    zh: str
    en: str
    system: str
    format: Format
    pattern: str
    encodings: tuple[str, ...]
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    # A later value of this field marks a correction of the same key (the later row wins).
    version_field: str | None
    cadence_days: int
    description: str
    sheet: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # Orders of dates within a row that must hold (`impossible_sequence` otherwise).
    sequences: tuple[Sequence, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")


def _f(name: str, dtype: DType, required: bool, zh: str, en: str, meaning: str, **kw) -> Field:
    return Field(name=name, dtype=dtype, required=required, zh=zh, en=en, meaning=meaning, **kw)


def _score_field(prefix_path: str | None, required: bool) -> Field:
    return _f(
        "score_{code}",
        "float",
        required,
        "{zh}得分",
        "{en} score",
        "Score for {en_lower}, 0-10 (decimals allowed).",
        min=0,
        max=10,
        path=f"{prefix_path}.{{code}}" if prefix_path else None,
        per_competency=True,
    )


ORG_UNITS = Source(
    name="org_units",
    zh="组织机构",
    en="Org units",
    system="HR system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("org_unit_code",),
    version_field=None,
    cadence_days=31,
    description="The organisation tree, its levels the customer's (reference data `org_levels`: "
    "the bank's head office, branches, departments). Full extract.",
    fields=(
        _f(
            "org_unit_code",
            "str",
            True,
            "机构代码",
            "Org unit code",
            "Code, e.g. HO, BR012, BR012-D03.",
        ),
        _f(
            "parent_code",
            "str",
            False,
            "上级机构代码",
            "Parent code",
            "Code of the parent unit; empty for the root (the head office).",
        ),
        _f("name_zh", "str", True, "机构名称", "Name (zh)", "Chinese name."),
        _f("name_en", "str", True, "英文名称", "Name (en)", "English name."),
        _f(
            "level",
            "str",
            True,
            "层级",
            "Level",
            "Level in the tree: a code of the customer's org levels (reference data).",
            vocabulary="org_levels",
        ),
        _f("city", "str", False, "城市", "City", "City of the unit."),
        _f(
            "opened_date",
            "date",
            False,
            "成立日期",
            "Opened",
            "Date the unit opened.",
            not_future=True,
        ),
    ),
)

COMPETENCY_MODELS = Source(
    name="competency_models",
    zh="岗位胜任力模型",
    en="Job competency models",
    system="HR system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("job_family", "competency_code", "effective_date"),
    version_field=None,
    cadence_days=366,
    description="Required level and current hiring weight per competency and job family.",
    fields=(
        _f(
            "job_family",
            "str",
            True,
            "岗位族",
            "Job family",
            "Job family code.",
            vocabulary="job_families",
        ),
        _f("job_family_name_zh", "str", True, "岗位族名称", "Job family (zh)", "Chinese name."),
        _f("job_family_name_en", "str", True, "岗位族英文名", "Job family (en)", "English name."),
        _f(
            "competency_code",
            "str",
            True,
            "胜任力代码",
            "Competency",
            "Competency code.",
            vocabulary="competencies",
        ),
        _f(
            "required_level",
            "float",
            True,
            "要求水平",
            "Required level",
            "Level the job requires, 0-10.",
            min=0,
            max=10,
        ),
        _f(
            "hiring_weight_pct",
            "float",
            True,
            "招聘权重(%)",
            "Hiring weight (%)",
            "Current weight in the hiring score; a family's weights sum to 100.",
            min=0,
            max=100,
        ),
        _f(
            "effective_date",
            "date",
            True,
            "生效日期",
            "Effective from",
            "Date the model applies from.",
        ),
    ),
)

TRAINING_CATALOG = Source(
    name="training_catalog",
    zh="培训课程目录",
    en="Training catalog",
    system="Learning system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("course_code",),
    version_field=None,
    cadence_days=31,
    description="Courses, the competency each builds, and their length.",
    fields=(
        _f("course_code", "str", True, "课程代码", "Course code", "Course code, e.g. CRS012."),
        _f("name_zh", "str", True, "课程名称", "Name (zh)", "Chinese name."),
        _f("name_en", "str", True, "英文名称", "Name (en)", "English name."),
        _f(
            "competency_code",
            "str",
            True,
            "培养胜任力",
            "Competency built",
            "Competency the course builds.",
            vocabulary="competencies",
        ),
        _f("hours", "float", True, "学时", "Hours", "Length in hours.", min=0.5, max=200),
        _f(
            "delivery",
            "str",
            True,
            "授课方式",
            "Delivery",
            "How it is taught.",
            allowed=("online", "classroom", "blended"),
        ),
    ),
)

AI_INTERVIEWS = Source(
    name="ai_interviews",
    zh="AI面试评估",
    en="AI-interview assessments",
    system="AI-interview vendor",
    format="jsonl",
    pattern="*.jsonl",
    encodings=("utf-8", "utf-8-sig"),
    key=("assessment_id",),
    version_field="exported_at",
    cadence_days=1,
    description=(
        "One JSON object per line per completed AI video interview, with the resume fields read "
        "by OCR. Nested objects `scores`, `resume` and `demographics`."
    ),
    fields=(
        _f(
            "assessment_id",
            "str",
            True,
            "评估编号",
            "Assessment ID",
            "Vendor's ID of this assessment.",
            is_id=True,
        ),
        _f(
            "candidate_id",
            "str",
            True,
            "候选人编号",
            "Candidate ID",
            "Vendor's candidate ID, e.g. C000123456.",
            is_id=True,
        ),
        _f(
            "employee_no",
            "str",
            False,
            "员工编号",
            "Employee number",
            "Employee number once hired, letters+digits as the vendor writes it (XY00012345, xy-12345).",
            is_id=True,
        ),
        _f(
            "job_family",
            "str",
            True,
            "应聘岗位族",
            "Job family applied",
            "Job family applied for.",
            ref="competency_models.job_family",
        ),
        _f(
            "org_unit_code",
            "str",
            True,
            "应聘机构",
            "Org unit applied",
            "Branch or department applied to.",
            ref="org_units.org_unit_code",
        ),
        _f(
            "recruiting_channel",
            "str",
            True,
            "招聘渠道",
            "Recruiting channel",
            "Campus, social or referral hiring.",
            allowed=RECRUITING_CHANNELS,
        ),
        _f(
            "assessed_at",
            "datetime",
            True,
            "评估时间",
            "Assessed at",
            "When the interview was scored (ISO 8601).",
            not_future=True,
        ),
        _f(
            "model_version",
            "str",
            True,
            "模型版本",
            "Model version",
            "AI scoring model version, e.g. v2.1.",
        ),
        _score_field("scores", True),
        _f(
            "overall_score",
            "float",
            True,
            "综合得分",
            "Overall score",
            "Vendor's weighted overall score, 0-10.",
            min=0,
            max=10,
        ),
        _f(
            "ai_recommendation",
            "str",
            True,
            "AI建议",
            "AI recommendation",
            "What the AI recommends.",
            allowed=("advance", "hold", "reject"),
        ),
        _f(
            "education",
            "str",
            False,
            "学历",
            "Education",
            "Highest education read from the resume.",
            vocabulary="education_levels",
            path="resume.education",
        ),
        _f(
            "years_experience",
            "float",
            False,
            "工作年限",
            "Years of experience",
            "Years of work experience on the resume.",
            min=0,
            max=50,
            path="resume.years_experience",
        ),
        _f(
            "major",
            "str",
            False,
            "专业",
            "Major",
            "Field of study on the resume.",
            path="resume.major",
        ),
        _f(
            "certifications",
            "str",
            False,
            "证书",
            "Certifications",
            "Certificates, `;`-separated (a JSON list is joined).",
            path="resume.certifications",
        ),
        _f(
            "sex",
            "str",
            False,
            "性别",
            "Sex",
            "Self-reported sex, for fairness audits only.",
            codes=SEX,
            path="demographics.sex",
        ),
        _f(
            "birth_year",
            "int",
            False,
            "出生年份",
            "Birth year",
            "Birth year, for fairness audits only.",
            min=1940,
            max=2010,
            path="demographics.birth_year",
        ),
        _f(
            "national_id_hash",
            "str",
            False,
            "身份证号哈希",
            "National ID hash",
            "SHA-256 of the national ID number (never the number).",
            path="demographics.national_id_hash",
        ),
        _f(
            "exported_at",
            "datetime",
            True,
            "导出时间",
            "Exported at",
            "When the vendor exported this record; a later export of the same assessment is a correction.",
        ),
    ),
)

HUMAN_INTERVIEWS = Source(
    name="human_interviews",
    zh="人工面试评分",
    en="Human-interviewer scores",
    system="Recruiting system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("interview_id",),
    version_field="recorded_at",
    cadence_days=7,
    description="Scores a human interviewer gave on the same competencies as the AI interview; blind when the interviewer did not see the AI score.",
    fields=(
        _f(
            "interview_id",
            "str",
            True,
            "面试编号",
            "Interview ID",
            "ID of the human interview.",
            is_id=True,
        ),
        _f(
            "candidate_id",
            "str",
            True,
            "候选人编号",
            "Candidate ID",
            "The AI vendor's candidate ID.",
            is_id=True,
        ),
        _f(
            "interviewer_id",
            "str",
            True,
            "面试官编号",
            "Interviewer ID",
            "Employee number of the interviewer.",
            is_id=True,
        ),
        _f(
            "interviewed_date",
            "date",
            True,
            "面试日期",
            "Interview date",
            "Date of the interview.",
            not_future=True,
        ),
        _f(
            "is_blind",
            "bool",
            True,
            "是否盲评",
            "Blind",
            "True when the interviewer did not see the AI score.",
        ),
        _score_field(None, False),
        _f(
            "recorded_at",
            "datetime",
            True,
            "录入时间",
            "Recorded at",
            "When the scores were entered; a later entry is a correction.",
        ),
    ),
)

HR_EMPLOYEES = Source(
    name="hr_employees",
    zh="人事主数据",
    en="HR master data",
    system="Legacy HR system",
    format="csv",
    pattern="*.csv",
    encodings=("gbk", "gb18030", "utf-8", "utf-8-sig"),
    key=("employee_id", "hire_date"),
    version_field="extracted_at",
    cadence_days=1,
    sequences=(Sequence("birth_date", "hire_date", 16, "nobody is hired before age 16"),),
    description=(
        "Employee master extract from the legacy HR system, usually GBK. Digits-only employee "
        "numbers, which spreadsheets mangle (leading zeros lost, `12345.0`, full-width digits). "
        "Each file is a full or partial extract; the latest extract of a person wins."
    ),
    fields=(
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Digits-only employee number (canonical width 8).",
            is_id=True,
        ),
        _f(
            "name",
            "str",
            True,
            "姓名",
            "Name",
            "Full name (personal data: never shown to analysts).",
        ),
        _f(
            "sex",
            "str",
            False,
            "性别",
            "Sex",
            "Sex, for fairness audits only (blank: unknown).",
            codes=SEX,
        ),
        _f("birth_date", "date", True, "出生日期", "Birth date", "Date of birth.", not_future=True),
        _f(
            "national_id_hash",
            "str",
            False,
            "身份证号哈希",
            "National ID hash",
            "SHA-256 of the national ID number; blank where none is collected (interviews are "
            "then linked by candidate ID and employee number only).",
        ),
        _f(
            "education",
            "str",
            True,
            "学历",
            "Education",
            "Highest education, in Chinese.",
            vocabulary="education_levels",
            vocabulary_column="hr_value",
        ),
        _f(
            "hire_date", "date", True, "入职日期", "Hire date", "Date of (re)hire.", not_future=True
        ),
        _f(
            "org_unit_code",
            "str",
            True,
            "所属机构",
            "Org unit",
            "Current department.",
            ref="org_units.org_unit_code",
        ),
        _f("position", "str", True, "职位", "Position", "Position title."),
        _f(
            "job_family",
            "str",
            True,
            "岗位族",
            "Job family",
            "Job family code.",
            ref="competency_models.job_family",
        ),
        _f(
            "grade",
            "str",
            True,
            "职级",
            "Grade",
            "Pay grade code, as the export writes it; ranked by the grades reference table.",
            vocabulary="grades",
        ),
        _f(
            "manager_id",
            "str",
            False,
            "直属上级",
            "Manager",
            "Employee number of the line manager.",
            is_id=True,
        ),
        _f(
            "status",
            "str",
            True,
            "状态",
            "Status",
            "Employment status in the extract.",
            codes=EMPLOYMENT_STATUS,
        ),
        _f(
            "ai_candidate_id",
            "str",
            False,
            "AI候选人编号",
            "AI candidate ID",
            "The AI vendor's candidate ID, when HR recorded it.",
            is_id=True,
        ),
        _f(
            "recruiting_channel",
            "str",
            False,
            "招聘渠道",
            "Recruiting channel",
            "Campus, social or referral.",
            allowed=RECRUITING_CHANNELS,
        ),
        _f(
            "extracted_at",
            "datetime",
            True,
            "抽取时间",
            "Extracted at",
            "When this extract was taken.",
        ),
    ),
)

JOB_CHANGES = Source(
    name="job_changes",
    zh="岗位变动",
    en="Job-change history",
    system="Legacy HR system",
    format="csv",
    pattern="*.csv",
    encodings=("gbk", "gb18030", "utf-8", "utf-8-sig"),
    key=("change_id",),
    version_field="recorded_at",
    cadence_days=7,
    description="Transfers, promotions and grade changes, with the date they took effect (may be back-dated).",
    fields=(
        _f(
            "change_id",
            "str",
            True,
            "变动编号",
            "Change ID",
            "ID of the change record.",
            is_id=True,
        ),
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "effective_date",
            "date",
            True,
            "生效日期",
            "Effective date",
            "Date the change took effect.",
            not_future=True,
        ),
        _f(
            "change_type",
            "str",
            True,
            "变动类型",
            "Change type",
            "Kind of change.",
            allowed=("transfer", "promotion", "demotion", "grade_change"),
        ),
        _f(
            "to_org_unit_code",
            "str",
            True,
            "调入机构",
            "New org unit",
            "Department after the change.",
            ref="org_units.org_unit_code",
        ),
        _f("to_position", "str", True, "新职位", "New position", "Position after the change."),
        _f(
            "to_job_family",
            "str",
            True,
            "新岗位族",
            "New job family",
            "Job family after the change.",
            ref="competency_models.job_family",
        ),
        _f(
            "to_grade",
            "str",
            True,
            "新职级",
            "New grade",
            "Pay grade code after the change (grades reference table).",
            vocabulary="grades",
        ),
        _f(
            "to_manager_id",
            "str",
            False,
            "新上级",
            "New manager",
            "Line manager after the change.",
            is_id=True,
        ),
        _f(
            "recorded_at",
            "datetime",
            True,
            "录入时间",
            "Recorded at",
            "When the change was entered.",
        ),
    ),
)

ONBOARDING = Source(
    name="onboarding",
    zh="入职办理",
    en="Onboarding",
    system="Legacy HR system",
    format="csv",
    pattern="*.csv",
    encodings=("gbk", "gb18030", "utf-8", "utf-8-sig"),
    key=("employee_id", "hire_date"),
    version_field="recorded_at",
    cadence_days=7,
    description="Contract, social insurance and the 6-month probation of each hire.",
    fields=(
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "hire_date",
            "date",
            True,
            "入职日期",
            "Hire date",
            "Date of hire this onboarding belongs to.",
            not_future=True,
        ),
        _f(
            "contract_signed_date",
            "date",
            False,
            "合同签订日期",
            "Contract signed",
            "Date the labour contract was signed.",
            not_future=True,
        ),
        _f(
            "social_insurance_date",
            "date",
            False,
            "社保登记日期",
            "Social insurance registered",
            "Date social insurance was registered.",
            not_future=True,
        ),
        _f(
            "probation_end_date",
            "date",
            True,
            "试用期结束日期",
            "Probation ends",
            "End of the 6-month probation.",
        ),
        _f(
            "probation_result",
            "str",
            True,
            "试用期结果",
            "Probation result",
            "Outcome of probation.",
            allowed=("passed", "extended", "failed", "pending"),
        ),
        _f(
            "recorded_at",
            "datetime",
            True,
            "录入时间",
            "Recorded at",
            "When the record was entered.",
        ),
    ),
)

TRAINING_ENROLLMENTS = Source(
    name="training_enrollments",
    zh="培训报名与完成",
    en="Training enrollments",
    system="Learning system",
    format="xlsx",
    pattern="*.xlsx",
    encodings=(),
    sheet="enrollments",
    key=("enrollment_id",),
    version_field="updated_at",
    cadence_days=7,
    description="Excel export of the learning system, with its own learner ID format (LMS-00012345, lms12345).",
    fields=(
        _f(
            "enrollment_id",
            "str",
            True,
            "报名编号",
            "Enrollment ID",
            "ID of the enrollment.",
            is_id=True,
        ),
        _f(
            "learner_id",
            "str",
            True,
            "学员编号",
            "Learner ID",
            "Learning system's learner ID (its own prefix + employee number).",
            is_id=True,
        ),
        _f(
            "course_code",
            "str",
            True,
            "课程代码",
            "Course code",
            "Course enrolled in.",
            ref="training_catalog.course_code",
        ),
        _f(
            "enrolled_date",
            "date",
            True,
            "报名日期",
            "Enrolled",
            "Date of enrollment.",
            not_future=True,
        ),
        _f(
            "sessions_planned",
            "int",
            True,
            "计划课次",
            "Sessions planned",
            "Sessions in the course.",
            min=1,
            max=100,
        ),
        _f(
            "sessions_attended",
            "int",
            True,
            "出勤课次",
            "Sessions attended",
            "Sessions attended.",
            min=0,
            max=100,
        ),
        _f(
            "exam_score",
            "float",
            False,
            "考试成绩",
            "Exam score",
            "Final exam score, 0-100.",
            min=0,
            max=100,
        ),
        _f("completed", "bool", True, "是否完成", "Completed", "Whether the course was completed."),
        _f(
            "completed_date",
            "date",
            False,
            "完成日期",
            "Completed on",
            "Date of completion.",
            not_future=True,
        ),
        _f(
            "updated_at",
            "datetime",
            True,
            "更新时间",
            "Updated at",
            "Last update; a later row is a correction.",
        ),
    ),
)

PERFORMANCE_REVIEWS = Source(
    name="performance_reviews",
    zh="绩效考核",
    en="Performance reviews",
    system="Performance system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("employee_id", "period"),
    version_field="submitted_at",
    cadence_days=92,
    description="Quarterly reviews: score, forced-ish grade and, for selling jobs, sales target and actual.",
    fields=(
        _f("review_id", "str", True, "考核编号", "Review ID", "ID of the review.", is_id=True),
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f("period", "str", True, "考核期间", "Period", "Quarter, e.g. 2025Q3."),
        _f("score", "float", True, "考核得分", "Score", "Performance score, 1-10.", min=1, max=10),
        _f(
            "grade",
            "str",
            True,
            "考核等级",
            "Grade",
            "A level of the rating scale (reference data).",
            vocabulary="performance_ratings",
        ),
        _f(
            "sales_target",
            "float",
            False,
            "销售目标",
            "Sales target",
            "Sales target for the quarter (10k CNY), selling jobs only.",
            min=0,
        ),
        _f(
            "sales_actual",
            "float",
            False,
            "销售实绩",
            "Sales actual",
            "Sales achieved (10k CNY).",
            min=0,
        ),
        _f(
            "reviewer_id",
            "str",
            False,
            "考核人",
            "Reviewer",
            "Employee number of the reviewer.",
            is_id=True,
        ),
        _f(
            "submitted_at",
            "datetime",
            True,
            "提交时间",
            "Submitted at",
            "When submitted; a later submission is a correction.",
            not_future=True,
        ),
    ),
)

EXITS = Source(
    name="exits",
    zh="离职记录",
    en="Exits",
    system="Legacy HR system",
    format="csv",
    pattern="*.csv",
    encodings=("gbk", "gb18030", "utf-8", "utf-8-sig"),
    key=("employee_id", "exit_date"),
    version_field="recorded_at",
    cadence_days=7,
    description="Exits with type, reason code and the reason as written by HR, in Chinese.",
    fields=(
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "exit_date",
            "date",
            True,
            "离职日期",
            "Exit date",
            "Last day of employment.",
            not_future=True,
        ),
        _f(
            "exit_type",
            "str",
            True,
            "离职类型",
            "Exit type",
            "Voluntary, involuntary, retirement or contract end.",
            allowed=EXIT_TYPES,
        ),
        _f(
            "reason_code",
            "str",
            True,
            "离职原因代码",
            "Reason code",
            "Reason code.",
            vocabulary="exit_reasons",
        ),
        _f("reason_text", "str", False, "离职原因说明", "Reason (text)", "Free text in Chinese."),
        _f(
            "recorded_at", "datetime", True, "录入时间", "Recorded at", "When the exit was entered."
        ),
    ),
)

SURVEYS = Source(
    name="surveys",
    zh="满意度调查",
    en="Satisfaction surveys",
    system="Survey tool",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("response_id", "question_code"),
    version_field=None,
    cadence_days=31,
    description="Answers of HR users and candidates about the AI interview, 1-5 per question.",
    fields=(
        _f(
            "response_id",
            "str",
            True,
            "答卷编号",
            "Response ID",
            "ID of one filled-in questionnaire.",
            is_id=True,
        ),
        _f(
            "respondent_type",
            "str",
            True,
            "答卷人类型",
            "Respondent type",
            "Who answered.",
            allowed=("hr_user", "candidate"),
        ),
        _f(
            "survey_date",
            "date",
            True,
            "调查日期",
            "Survey date",
            "Date answered.",
            not_future=True,
        ),
        _f(
            "question_code",
            "str",
            True,
            "题目代码",
            "Question",
            "Question code.",
            allowed=tuple(SURVEY_QUESTIONS),
        ),
        _f(
            "answer",
            "int",
            True,
            "评分",
            "Answer",
            "1 (very dissatisfied) to 5 (very satisfied).",
            min=1,
            max=5,
        ),
    ),
)

# Optional sources for pay, engagement and working time (issue 22 part 4). Real retention
# models lean on them; few customers have all three, so each is optional and the retention
# features they feed are absent (not zero) without them.
CHANGE_REASONS: tuple[str, ...] = ("hire", "annual_raise", "promotion", "adjustment", "other")

COMPENSATION = Source(
    name="compensation",
    zh="薪酬记录",
    en="Compensation",
    system="Payroll system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("employee_id", "effective_date"),
    version_field="recorded_at",
    cadence_days=31,
    description=(
        "Effective-dated pay records: one row per change of base pay (hire, raise, promotion), "
        "with the pay band of the grade; a raise is a record whose base pay exceeds the previous."
    ),
    fields=(
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "effective_date",
            "date",
            True,
            "生效日期",
            "Effective date",
            "Date the pay took effect.",
            not_future=True,
        ),
        _f(
            "grade",
            "str",
            False,
            "职级",
            "Grade",
            "Pay grade code at that date (grades reference table).",
            vocabulary="grades",
        ),
        _f(
            "base_pay",
            "float",
            True,
            "基本工资",
            "Base pay",
            "Monthly base pay (CNY) from that date.",
            min=0,
        ),
        _f(
            "band_min",
            "float",
            False,
            "薪级下限",
            "Band minimum",
            "Lower end of the grade's pay band (monthly).",
            min=0,
        ),
        _f(
            "band_max",
            "float",
            False,
            "薪级上限",
            "Band maximum",
            "Upper end of the grade's pay band (monthly).",
            min=0,
        ),
        _f(
            "band_midpoint",
            "float",
            False,
            "薪级中位值",
            "Band midpoint",
            "Midpoint of the pay band; when empty, the middle of band_min and band_max.",
            min=0,
        ),
        _f(
            "change_reason",
            "str",
            False,
            "调薪原因",
            "Change reason",
            "Why the pay changed.",
            allowed=CHANGE_REASONS,
        ),
        _f(
            "recorded_at",
            "datetime",
            True,
            "录入时间",
            "Recorded at",
            "When the record was entered; a later row is a correction.",
        ),
    ),
)

ENGAGEMENT_SURVEYS = Source(
    name="engagement_surveys",
    zh="员工敬业度调查",
    en="Employee engagement surveys",
    system="Survey tool",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("response_id",),
    version_field=None,
    cadence_days=183,
    description=(
        "Engagement or pulse surveys of employees (not the candidate survey): one row per "
        "person and survey with the engagement index, 1-5."
    ),
    fields=(
        _f(
            "response_id",
            "str",
            True,
            "答卷编号",
            "Response ID",
            "ID of one filled-in questionnaire.",
            is_id=True,
        ),
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "survey_date",
            "date",
            True,
            "调查日期",
            "Survey date",
            "Date answered.",
            not_future=True,
        ),
        _f(
            "engagement_score",
            "float",
            True,
            "敬业度得分",
            "Engagement score",
            "Engagement index, 1 (disengaged) to 5 (highly engaged).",
            min=1,
            max=5,
        ),
    ),
)

TIME_RECORDS = Source(
    name="time_records",
    zh="加班与缺勤",
    en="Overtime and absence",
    system="Time and attendance system",
    format="csv",
    pattern="*.csv",
    encodings=("utf-8", "utf-8-sig", "gbk", "gb18030"),
    key=("employee_id", "month"),
    version_field="recorded_at",
    cadence_days=31,
    description="Overtime hours and days of unplanned absence per person and month.",
    fields=(
        _f(
            "employee_id",
            "str",
            True,
            "员工编号",
            "Employee ID",
            "Employee number (HR format).",
            is_id=True,
        ),
        _f(
            "month",
            "date",
            True,
            "月份",
            "Month",
            "Any day of the month the figures cover (the first, usually).",
            not_future=True,
        ),
        _f(
            "overtime_hours",
            "float",
            False,
            "加班小时",
            "Overtime hours",
            "Hours worked beyond the contract in the month.",
            min=0,
            max=400,
        ),
        _f(
            "absence_days",
            "float",
            False,
            "缺勤天数",
            "Absence days",
            "Days of unplanned absence (sick leave, unpaid leave) in the month.",
            min=0,
            max=31,
        ),
        _f(
            "recorded_at",
            "datetime",
            True,
            "录入时间",
            "Recorded at",
            "When the month was recorded; a later row is a correction.",
        ),
    ),
)

# Reference sources first: the reader checks `ref` fields against what they define.
CONTRACT_SOURCES: tuple[Source, ...] = (
    ORG_UNITS,
    COMPETENCY_MODELS,
    TRAINING_CATALOG,
    AI_INTERVIEWS,
    HUMAN_INTERVIEWS,
    HR_EMPLOYEES,
    JOB_CHANGES,
    ONBOARDING,
    TRAINING_ENROLLMENTS,
    PERFORMANCE_REVIEWS,
    EXITS,
    SURVEYS,
    COMPENSATION,
    ENGAGEMENT_SURVEYS,
    TIME_RECORDS,
)


def _resolve_field(f: Field, vocab: Vocabulary) -> tuple[Field, ...]:
    if f.per_competency:
        return tuple(
            replace(
                f,
                per_competency=False,
                **{
                    attr: getattr(f, attr).format(
                        code=t.code,
                        zh=t.label("zh"),
                        en=t.label("en"),
                        en_lower=t.label("en").lower(),
                    )
                    for attr in ("name", "zh", "en", "meaning", "path")
                    if getattr(f, attr) is not None
                },
            )
            for t in vocab.terms("competencies")
        )
    if f.vocabulary is not None:
        terms = vocab.terms(f.vocabulary)
        column = f.vocabulary_column
        allowed = tuple(str(t.values[column]) if column else t.code for t in terms)
        return (replace(f, allowed=allowed),)
    return (f,)


def sources_for(vocab: Vocabulary) -> dict[str, Source]:
    """The contract resolved against a vocabulary: allowed codes filled in, score fields made."""
    return {
        s.name: replace(s, fields=tuple(x for f in s.fields for x in _resolve_field(f, vocab)))
        for s in CONTRACT_SOURCES
    }


class _ActiveSources(Mapping[str, Source]):
    """`SOURCES`: the contract resolved against the active vocabulary of this process
    (`ingest.vocabulary.activate`), re-resolved when another vocabulary is activated."""

    _cache: tuple[object, dict[str, Source]] | None = None

    def _resolved(self) -> dict[str, Source]:
        from ingest import vocabulary  # late: vocabulary reads settings, not the contract

        vocab = vocabulary.active()
        if self._cache is None or self._cache[0] is not vocab:
            self._cache = (vocab, sources_for(vocab))
        return self._cache[1]

    def __getitem__(self, name: str) -> Source:
        return self._resolved()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(s.name for s in CONTRACT_SOURCES)

    def __len__(self) -> int:
        return len(CONTRACT_SOURCES)


SOURCES: Mapping[str, Source] = _ActiveSources()
# The optional sources the retention features use when a customer delivers them.
PAY_ENGAGEMENT_SOURCES: tuple[str, ...] = ("compensation", "engagement_surveys", "time_records")
REFERENCE_SOURCES: tuple[str, ...] = ("org_units", "competency_models", "training_catalog")
# The sources a build cannot do without: who works here and where. Every other source is
# optional: a build without it publishes, its marts are empty, and a reference to it (a job
# family without competency models, a course without a catalog) is not checked but reported.
REQUIRED_SOURCES: tuple[str, ...] = ("org_units", "hr_employees")
# Columns the loader adds to every raw table.
LINEAGE_COLUMNS: tuple[str, ...] = ("_load_id", "_file", "_line", "_loaded_at")
