"""Celery application: workers run `celery -A config worker` against CELERY_BROKER_URL."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shequ")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "protection-alerts": {"task": "shequ.protection.raise_alerts", "schedule": 300.0},
    # imports whose worker died are marked failed (shequ/imports/reaper.py)
    "imports-reap": {"task": "shequ.imports.reap", "schedule": 300.0},
    # notifications: deliveries due (quiet hours, retries), escalations, daily digests
    "notifications-send": {"task": "shequ.notifications.send_due", "schedule": 60.0},
    "notifications-escalate": {"task": "shequ.notifications.escalate", "schedule": 300.0},
    "notifications-digest": {"task": "shequ.notifications.digest", "schedule": crontab(minute="5")},
    # the first of every month at 02:00: last month's impact report of every district
    "monthly-reports": {
        "task": "shequ.stats.monthly_reports",
        "schedule": crontab(minute="0", hour="2", day_of_month="1"),
    },
}


from celery.signals import worker_ready  # noqa: E402


@worker_ready.connect
def _reap_imports_at_start(**_kwargs: object) -> None:
    from shequ.imports.reaper import import_jobs_reap

    import_jobs_reap()
