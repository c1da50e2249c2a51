from __future__ import annotations

from datetime import date

from ninja import Schema


class TrainingOut(Schema):
    id: int
    title: str
    programme: str
    organizer: str
    partner: str | None
    start_date: date
    end_date: date
    required_attendance: int

    @staticmethod
    def resolve_programme(obj: object) -> str:
        return str(obj.programme.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organizer(obj: object) -> str:
        return str(obj.organizer.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_partner(obj: object) -> str | None:
        partner = obj.partner  # type: ignore[attr-defined]
        return str(partner.name) if partner else None


class TraineeOut(Schema):
    id: int
    name: str
    workplace: str
    division_code: str
    phone_masked: str

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]
