"""The seed permissions and roles. They are data: `sync_catalog` writes them to the
database (from a migration, and from `manage.py sync_roles`), adding what is new and never
removing what an administrator added. Later apps add their permissions here."""

from __future__ import annotations

from typing import Any

# code: (中文, English)
PERMISSIONS: dict[str, tuple[str, str]] = {
    "division.view": ("查看行政区划", "View divisions"),
    "stats.view": ("查看统计（本辖区）", "View statistics (own divisions)"),
    "division.manage": ("维护行政区划", "Manage divisions"),
    "organization.view": ("查看组织", "View organizations"),
    "organization.manage": ("维护组织", "Manage organizations"),
    "user.view": ("查看账号", "View accounts"),
    "user.manage": ("维护账号", "Manage accounts"),
    "grant.view": ("查看角色授权", "View role grants"),
    "grant.manage": ("授予普通角色", "Grant ordinary roles"),
    "grant.manage_admin": ("授予管理员角色", "Grant administrator roles"),
    "policy.manage": ("设置安全策略", "Set the security policy"),
    "audit.view": ("查看审计日志", "View the audit log"),
    "audit.export": ("导出审计日志", "Export the audit log"),
    "audit.purge": ("清理过期审计日志", "Purge expired audit entries"),
    "resident.view": ("查看居民", "View residents"),
    "resident.manage": ("登记和维护居民", "Register and update residents"),
    "resident.view_identifiers": ("查看完整身份证号和电话", "See full ID numbers and phones"),
    "resident.import": ("导入居民台账", "Import residents"),
    "resident.export": ("导出居民", "Export residents"),
    "resident.merge": ("合并重复居民", "Merge duplicate residents"),
    "resident.transfer": ("审批居民迁出迁入", "Move residents between communities"),
    "needs.view": ("查看需求评估", "View needs assessments"),
    "needs.manage": ("记录需求评估", "Record needs assessments"),
    "project.view": ("查看服务项目", "View service projects"),
    "project.manage": ("管理服务项目（购买方）", "Manage service projects (buyer)"),
    "project.deliver": ("执行服务项目（承接方）", "Deliver service projects (provider)"),
    "project.evaluate": ("评估服务项目", "Evaluate service projects"),
    "service.record": ("记录服务", "Record services delivered"),
    "case.view": ("查看个案", "View cases"),
    "case.view_notes": ("查看个案记录内容", "Read case notes"),
    "case.supervise": ("督导个案", "Supervise cases"),
    "protection.report": ("报告未成年人受侵害或面临风险", "Report a child at risk"),
    "protection.view": ("查看未成年人保护个案", "View child-protection cases"),
    "protection.manage": ("办理未成年人保护个案", "Handle child-protection cases"),
    "protection.supervise": (
        "督导未成年人保护个案（审批结案、查看访问记录）",
        "Supervise child-protection cases",
    ),
    "protection.reporter": ("查看报告人身份", "See who reported"),
    "protection.receive": ("接收转介的未成年人保护个案", "Receive referred child-protection cases"),
    "protection.meeting": ("召开联席会议", "Convene joint meetings"),
    "protection.export": ("导出未成年人保护个案", "Export child-protection cases"),
    "volunteer.view": ("查看志愿者和志愿服务", "View volunteers and their service"),
    "volunteer.manage": ("登记志愿者、组织志愿活动", "Register volunteers, organize activities"),
    "volunteer.self": ("参加志愿服务（本人）", "Take part in volunteer service (oneself)"),
    "training.view": ("查看培训", "View trainings"),
    "training.manage": ("组织培训", "Organize trainings"),
    "placement.view": ("查看学生实习实践", "View student placements"),
    "placement.manage": ("安排学生实习（高校）", "Place students (school)"),
    "placement.self": ("记录本人实习（学生）", "Keep one's own practicum log (student)"),
    "case_study.write": ("撰写优秀案例", "Write case studies"),
    "case_study.approve": ("审核发布优秀案例", "Approve and publish case studies"),
    "award.record": ("登记获奖", "Record awards"),
    "research.view": ("查看研究项目", "View research projects"),
    "research.manage": ("管理研究项目", "Manage research projects"),
    "research.extract": ("申请去标识化研究数据", "Request de-identified research extracts"),
    "research.approve": ("审批研究数据提取", "Approve research extracts"),
    "community_org.view": ("查看社区社会组织", "View community organizations"),
    "community_org.manage": (
        "培育社区社会组织（登记、阶段、资金、成员、评估）",
        "Incubate community organizations",
    ),
    "community_org.graduate": (
        "批准社区社会组织出壳",
        "Approve a community organization's graduation",
    ),
    "community_org.recognize": (
        "认定典型社区社会组织（民政）",
        "Recognize typical community organizations",
    ),
}

PROTECTION_WORK = ["protection.report", "protection.view", "protection.manage"]

RESIDENT_WORK = [
    "resident.view",
    "resident.manage",
    "resident.view_identifiers",
    "resident.import",
    "resident.export",
    "resident.merge",
    "resident.transfer",
    "needs.view",
    "needs.manage",
]
# incubating resident self-organizations (社区社会组织) in reach
COMMUNITY_ORG_WORK = ["community_org.view", "community_org.manage"]

RESIDENT_OVERSIGHT = ["resident.view", "resident.export", "needs.view", "project.view"]

_BASE = ["division.view", "organization.view", "stats.view"]

# code: (中文, English, admin kind, permissions)
ROLES: dict[str, tuple[str, str, str, list[str]]] = {
    "district_officer": (
        "区民政干部",
        "District officer",
        "",
        [
            *_BASE,
            "organization.manage",
            "user.view",
            *RESIDENT_OVERSIGHT,
            "resident.transfer",
            "project.manage",
            "project.evaluate",
            *PROTECTION_WORK,
            "protection.meeting",
            "volunteer.view",
            "training.view",
            "placement.view",
            "award.record",
            "research.view",
            "research.approve",
            *COMMUNITY_ORG_WORK,
            "community_org.graduate",
            "community_org.recognize",
        ],
    ),
    "street_officer": (
        "街道干部",
        "Street officer",
        "",
        [
            *_BASE,
            "user.view",
            *RESIDENT_OVERSIGHT,
            "resident.merge",
            "resident.transfer",
            "protection.report",
            "volunteer.view",
            "placement.view",
            *COMMUNITY_ORG_WORK,
            "community_org.graduate",
        ],
    ),
    "community_worker": (
        "社区工作者",
        "Community worker",
        "",
        [
            *_BASE,
            *RESIDENT_WORK,
            "project.view",
            "service.record",
            "case.view",
            "protection.report",
            "case_study.write",
            "volunteer.view",
            "volunteer.manage",
            "placement.view",
            *COMMUNITY_ORG_WORK,
        ],
    ),
    "agency_worker": (
        "社工机构社工",
        "Agency social worker",
        "",
        [
            *_BASE,
            "resident.view",
            "needs.view",
            "needs.manage",
            "project.view",
            "project.deliver",
            "service.record",
            "case.view",
            "protection.report",
            "case_study.write",
            "volunteer.view",
            "volunteer.manage",
            "training.view",
            "training.manage",
            "placement.view",
            *COMMUNITY_ORG_WORK,
        ],
    ),
    "supervisor": (
        "督导",
        "Supervisor",
        "",
        [
            *_BASE,
            "resident.view",
            "needs.view",
            "project.view",
            "project.evaluate",
            "case.view",
            "case.view_notes",
            "case.supervise",
            "protection.report",
            "case_study.write",
            "case_study.approve",
            "award.record",
            "community_org.view",
        ],
    ),
    # placement.manage without placement.view: a teacher granted at the city sees the
    # placements of their own school (Placement.shared_q), not every placement in the city
    "teacher": (
        "高校教师",
        "Teacher",
        "",
        [
            *_BASE,
            "training.view",
            "training.manage",
            "placement.manage",
            "research.view",
            "research.manage",
            "research.extract",
        ],
    ),
    "protection_liaison": (
        "未成年人保护联络人",
        "Child-protection liaison (school, hospital, police, bureau)",
        "",
        [*_BASE, "protection.report", "protection.receive"],
    ),
    "student": ("学生", "Student", "", ["division.view", "placement.self"]),
    "volunteer": ("志愿者", "Volunteer", "", ["division.view", "volunteer.self"]),
    "child_director": (
        "儿童主任",
        "Child-welfare director",
        "",
        [*_BASE, "resident.view", "resident.view_identifiers", "needs.view", *PROTECTION_WORK],
    ),
    "child_supervisor": (
        "儿童督导员",
        "Child-welfare supervisor",
        "",
        [
            *_BASE,
            "resident.view",
            "resident.view_identifiers",
            "needs.view",
            *PROTECTION_WORK,
            "protection.supervise",
            "protection.reporter",
            "protection.meeting",
            "protection.export",
        ],
    ),
    "sysadmin": (
        "系统管理员",
        "System administrator",
        "system",
        [
            "division.view",
            "division.manage",
            "organization.view",
            "organization.manage",
            "user.view",
            "user.manage",
            "grant.view",
            "grant.manage",
        ],
    ),
    "secadmin": (
        "安全管理员",
        "Security administrator",
        "security",
        [
            "division.view",
            "user.view",
            "grant.view",
            "grant.manage",
            "grant.manage_admin",
            "policy.manage",
        ],
    ),
    "auditor": (
        "审计管理员",
        "Audit administrator",
        "audit",
        ["division.view", "audit.view", "audit.export", "audit.purge"],
    ),
}


def sync_catalog(apps: Any = None) -> None:
    """Create the seed permissions and roles that are missing and give each seed role its
    seed permissions. Works with the live models or a migration's historical ones."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    permission_model = apps.get_model("accounts", "Permission")
    role_model = apps.get_model("accounts", "Role")
    by_code = {}
    for code, (name, name_en) in PERMISSIONS.items():
        perm, _ = permission_model.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
        by_code[code] = perm
    for code, (name, name_en, admin_kind, perms) in ROLES.items():
        role, _created = role_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "admin_kind": admin_kind}
        )
        role.permissions.add(*[by_code[p] for p in perms])
