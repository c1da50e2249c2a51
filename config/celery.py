"""Celery application: workers run `celery -A config worker` against CELERY_BROKER_URL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shequ")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "protection-alerts": {"task": "shequ.protection.raise_alerts", "schedule": 300.0},
}
