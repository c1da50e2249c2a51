"""The training API (so far the reads): `/api/v1/trainings`, `/api/v1/trainees`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from shequ.core.api import ERRORS, paginate
from shequ.trainings.schemas import TraineeOut, TrainingOut
from shequ.trainings.selectors import trainee_list, training_list

router = Router(tags=["trainings"])


@router.get("/trainings", response={200: list[TrainingOut], **ERRORS}, summary="Trainings")
def list_trainings(request: HttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(training_list(user=request.user), limit, offset)[1]


@router.get("/trainees", response={200: list[TraineeOut], **ERRORS}, summary="Trainees")
def list_trainees(request: HttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(trainee_list(user=request.user), limit, offset)[1]
