from __future__ import annotations

from pathlib import Path

from shequ.core.demo import DemoContext
from shequ.divisions.models import Division
from shequ.divisions.services import division_load_csv

DATA = Path(__file__).parent / "data" / "changchun.csv"

# Names the other demo steps use.
CODES = {
    "city": "220100000000",
    "nanguan": "220102000000",
    "kuancheng": "220103000000",
    "chaoyang": "220104000000",
    "ziqiang": "220102001000",
    "tuanshan": "220102002000",
    "community_a": "220102001001",  # 东岭社区
    "community_b": "220102001002",  # 西岭社区
    "changshan": "220102002001",
    "xinfa_street": "220103001000",
    "xinfa": "220103001001",
}


def load(ctx: DemoContext) -> None:
    division_load_csv(text=DATA.read_text(encoding="utf-8"), source="demo")
    for key, code in CODES.items():
        ctx[f"division:{key}"] = Division.objects.get(code=code)
