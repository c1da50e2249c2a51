"""Codes of the audit and access logs in words (`{% load audit_words %}`)."""

from __future__ import annotations

from django import template

from shequ.audit.actions import channel_label, via_label

register = template.Library()
register.filter("channel", channel_label)
register.filter("via", via_label)
