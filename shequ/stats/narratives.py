"""The sentences of the impact report, kept as data per language: each programme's narrative
is written by filling these templates with the dashboard's figures for the same division and
period, never by free invention.

A placeholder `{key}` is the figure `key` as the dashboard shows it; `{key:change}` is its
change against the period before, written with the language's `CHANGE` phrases (nothing when
there is nothing to compare). A sentence whose figures the reader may not see is left out.
`stats/tests/test_narrative.py` checks that every number of every sentence is a figure of the
dashboard."""

from __future__ import annotations

NARRATIVES: dict[str, dict[str, list[str]]] = {
    "zh-hans": {
        "projects": [
            "本期共实施政府购买服务项目{projects}项{projects:change}，"
            "合同金额{contract_funds}元{contract_funds:change}。",
        ],
        "services": [
            "本期各项服务共服务居民{people_served}人{people_served:change}，"
            "累计{person_times}人次{person_times:change}。",
            "新开个案{cases_opened}个{cases_opened:change}。",
        ],
        "volunteers": [
            "登记志愿者{volunteers}人{volunteers:change}，"
            "经确认的志愿服务时长{volunteer_hours}小时{volunteer_hours:change}。",
        ],
        "trainings": [
            "举办培训{trainings}期{trainings:change}，培训学员{trainees}人{trainees:change}。",
        ],
        "placements": [
            "接收实习学生{placements}人{placements:change}，其中担任社区书记助理{assistants}人。",
        ],
        "organizations": [
            "培育社区社会组织{community_orgs}个{community_orgs:change}。",
        ],
        "needs": [
            "收集居民需求{needs}条{needs:change}。",
        ],
        "protection": [
            "未成年人保护网络接报{protection_reports}件{protection_reports:change}，"
            "立案{protection_cases}件{protection_cases:change}。",
        ],
    },
    "en": {
        "projects": [
            "{projects} government-purchased service projects were carried out"
            "{projects:change}, with contracts of {contract_funds} yuan{contract_funds:change}.",
        ],
        "services": [
            "The services reached {people_served} residents{people_served:change}, "
            "{person_times} person-times in all{person_times:change}.",
            "{cases_opened} cases were opened{cases_opened:change}.",
        ],
        "volunteers": [
            "{volunteers} volunteers were registered{volunteers:change}, and "
            "{volunteer_hours} hours of volunteer service were confirmed"
            "{volunteer_hours:change}.",
        ],
        "trainings": [
            "{trainings} trainings were held{trainings:change} for {trainees} trainees"
            "{trainees:change}.",
        ],
        "placements": [
            "{placements} students were placed{placements:change}, {assistants} of them as "
            "assistants to community secretaries.",
        ],
        "organizations": [
            "{community_orgs} community organizations were incubated{community_orgs:change}.",
        ],
        "needs": [
            "{needs} needs of residents were recorded{needs:change}.",
        ],
        "protection": [
            "The juvenile protection network received {protection_reports} reports"
            "{protection_reports:change} and opened {protection_cases} cases"
            "{protection_cases:change}.",
        ],
    },
}

# the change against the period before: up, down, unchanged, new (nothing the period before)
CHANGE: dict[str, dict[str, str]] = {
    "zh-hans": {
        "up": "，较上期增长{percent}",
        "down": "，较上期下降{percent}",
        "same": "，与上期持平",
        "new": "",
    },
    "en": {
        "up": " (up {percent} on the period before)",
        "down": " (down {percent} on the period before)",
        "same": " (as in the period before)",
        "new": "",
    },
}
