"""What each audit action means, in words (the audit log and its filter show these, never the
stored code `placement.journal_approve`). Data: an action written by a service is added here;
shequ/audit/tests/test_action_labels.py fails for an action in the code without a label."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "activity.hold": _("An activity was held"),
    "activity.participant_add": _("A participant was added to an activity"),
    "activity.participant_remove": _("A participant was taken off an activity"),
    "activity.photo": _("An activity photo was added"),
    "audit.export": _("The audit log was exported"),
    "audit.purge": _("Old audit entries were purged"),
    "award.create": _("An award was recorded"),
    "case.advance": _("A case moved to its next stage"),
    "case.close": _("A case was closed"),
    "case.open": _("A case was opened"),
    "case.transfer": _("A case was transferred"),
    "case_study.approve": _("A case study was approved"),
    "case_study.draft": _("A case study was drafted"),
    "case_study.return": _("A case study was returned"),
    "case_study.submit": _("A case study was submitted"),
    "case_study.update": _("A case study was edited"),
    "community_org.advance": _("A community organization moved a stage"),
    "community_org.area": _("A community organization's areas were set"),
    "community_org.assess": _("A community organization was assessed"),
    "community_org.create": _("A community organization was registered"),
    "community_org.grant": _("A grant to a community organization was recorded"),
    "community_org.incubation": _("An incubation step was recorded"),
    "community_org.member": _("A community organization's members changed"),
    "community_org.recognize": _("A community organization was recognized"),
    "community_org.status": _("A community organization's status changed"),
    "division.load": _("Divisions were loaded"),
    "filter.me": _("A saved filter was used"),
    "grant.create": _("A role was granted"),
    "grant.revoke": _("A role was revoked"),
    "group.advance": _("A group moved to its next stage"),
    "group.attendee_add": _("An attendee was added to a group session"),
    "group.attendee_remove": _("An attendee was taken off a group session"),
    "group.create": _("A group was created"),
    "group.measures": _("A group's measures were recorded"),
    "group.plan": _("A group's plan was set"),
    "group.session": _("A group session was recorded"),
    "household.create": _("A household was created"),
    "household.head": _("A household's head changed"),
    "household.member": _("A member joined a household"),
    "household.member_removed": _("A member left a household"),
    "indicator.set": _("An indicator was set"),
    "login.failed": _("A sign-in failed"),
    "login.lock": _("An account was locked after failed sign-ins"),
    "login.locked": _("A locked account tried to sign in"),
    "login.unlock": _("An account was unlocked"),
    "needs.create": _("A need was recorded"),
    "organization.create": _("An organization was registered"),
    "organization.update": _("An organization was edited"),
    "placement.assignment": _("An assignment was given"),
    "placement.assignment_evaluate": _("An assignment was evaluated"),
    "placement.create": _("A placement was created"),
    "placement.evaluate": _("A placement was evaluated"),
    "placement.journal_approve": _("A weekly journal was approved"),
    "placement.journal_submit": _("A weekly journal was submitted"),
    "placement.log": _("A day log was written"),
    "placement.log_update": _("A day log was edited"),
    "placement.student": _("A student was registered"),
    "notifications.preferences": _("Notification preferences were changed"),
    "policy.update": _("The security policy changed"),
    "project.advance": _("A project moved to its next stage"),
    "project.create": _("A project was created"),
    "project.document": _("A project document was added"),
    "project.evaluate": _("A project was evaluated"),
    "project.party_branch": _("A project's party branch was recorded"),
    "project.staff": _("A project's staff changed"),
    "project.survey": _("A satisfaction survey was recorded"),
    "protection.accept": _("A referral was answered"),
    "protection.break_glass": _("Emergency access to a case"),
    "protection.export": _("Protection cases were exported"),
    "protection.meeting": _("A joint meeting was recorded"),
    "protection.redirect": _("A report was redirected"),
    "protection.report": _("A child at risk was reported"),
    "protection.resolution": _("A meeting resolution was recorded"),
    "protection.task_done": _("A meeting task was done"),
    "protection.read": _("A protection record was read"),
    "protection.open": _("A protection case was opened"),
    "protection.grade": _("A protection case was graded"),
    "protection.visit": _("A home visit was recorded"),
    "protection.plan": _("A case plan was updated"),
    "protection.refer": _("A case was referred"),
    "protection.referral_accepted": _("A referral was accepted"),
    "protection.referral_declined": _("A referral was declined"),
    "protection.escalate": _("A case moved up a level"),
    "protection.de_escalate": _("A case moved down a level"),
    "protection.closure_request": _("Closure was asked for"),
    "protection.closure_approved": _("Closure was approved"),
    "protection.closure_refused": _("Closure was refused"),
    "protection.close": _("A protection case was closed"),
    "protection.reopen": _("A protection case was reopened"),
    "protection.service": _("A service was recorded on a case"),
    "protection.placement": _("An emergency placement was recorded"),
    "research.extract_download": _("A research extract was downloaded"),
    "research.extract_request": _("A research extract was asked for"),
    "research.extract_approve": _("A research extract was approved"),
    "research.extract_refuse": _("A research extract was refused"),
    "research.output": _("A research output was recorded"),
    "research.project_create": _("A research project was created"),
    "research.team": _("A research team changed"),
    "resident.create": _("A resident was registered"),
    "resident.create_from_report": _("A resident was registered from a report"),
    "resident.export": _("Residents were exported"),
    "resident.import": _("Residents were imported"),
    "resident.merge": _("Two records of one person were merged"),
    "resident.transfer_approve": _("A move was approved"),
    "resident.transfer_cancel": _("A move was withdrawn"),
    "resident.transfer_refuse": _("A move was refused"),
    "resident.transfer_request": _("A move was asked for"),
    "resident.transfer_start": _("A move-out was started"),
    "resident.unmask": _("Full identifiers were shown"),
    "resident.update": _("A resident was edited"),
    "residents.import_upload": _("A residents file was uploaded"),
    "residents.import_commit": _("A residents import was confirmed"),
    "residents.import_retry": _("A residents import was retried"),
    "trainees.import_upload": _("A trainees file was uploaded"),
    "trainees.import_commit": _("A trainees import was confirmed"),
    "trainees.import_retry": _("A trainees import was retried"),
    "second_factor.enrol": _("A second factor was enrolled"),
    "second_factor.recovery_used": _("A recovery code was used"),
    "second_factor.reset": _("A second factor was reset"),
    "service.record": _("A service was recorded"),
    "service.record_delete": _("A service record was deleted"),
    "service.record_update": _("A service record was corrected"),
    "stats.report_request": _("An impact report was asked for"),
    "token.issue": _("An API token was issued"),
    "training.attendance": _("Attendance was recorded"),
    "training.create": _("A training was created"),
    "training.enrol": _("A trainee was enrolled"),
    "training.import": _("Trainees were imported"),
    "training.result": _("A training result was recorded"),
    "training.session": _("A training session was recorded"),
    "training.trainee": _("A trainee was registered"),
    "user.create": _("An account was created"),
    "user.lock": _("An account was locked"),
    "user.password": _("A password was changed"),
    "user.unlock": _("An account was unlocked"),
    "user.update": _("An account was edited"),
    "volunteer.activity": _("A volunteer activity was created"),
    "volunteer.activity_open": _("A volunteer activity opened for sign-up"),
    "volunteer.certificate": _("A volunteer certificate was issued"),
    "volunteer.certificate_request": _("A volunteer certificate was asked for"),
    "volunteer.confirm": _("Volunteer hours were confirmed"),
    "volunteer.correct_times": _("Volunteer times were corrected"),
    "volunteer.register": _("A volunteer was registered"),
    "volunteer.sign_up": _("A volunteer signed up"),
    "volunteer.sign_up_decide": _("A sign-up was decided"),
    "volunteer.team_create": _("A volunteer team was created"),
    "volunteer.team_leader": _("A team leader was set"),
    "volunteer.team_member_add": _("A member joined a team"),
    "volunteer.team_member_remove": _("A member left a team"),
}


def action_label(action: str) -> str:
    """The words for an action; an action without a label (an old entry) shows its code."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, str]]:
    """The audit filter's choices: every labelled action, by its words."""
    return sorted(((key, str(label)) for key, label in ACTION_LABELS.items()), key=lambda c: c[1])


# How a record was read (the access logs of protection cases and the audit log of reads).
CHANNEL_LABELS: dict[str, Any] = {
    "page": _("a page"),
    "web": _("a page"),
    "list": _("a list"),
    "api": _("the API"),
    "export": _("an export"),
    "stats": _("the statistics"),
}
# By which right a protection record was read.
VIA_LABELS: dict[str, Any] = {
    "reach": _("in reach of the role"),
    "referral": _("an accepted referral"),
    "glass": _("emergency access"),
}


def channel_label(channel: str) -> str:
    return str(CHANNEL_LABELS.get(channel, channel))


def via_label(via: str) -> str:
    return str(VIA_LABELS.get(via, via))
