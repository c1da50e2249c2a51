"""The report's workbook has native Excel charts: one beside each breakdown and each monthly
trend of a programme sheet, drawing the numbers of the rows (stored as numbers)."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from shequ.figures.periods import parse_period
from shequ.figures.registry import SECTION_LABELS
from shequ.stats.dashboard import TREND_FIGURES, dashboard, scope_for
from shequ.stats.export import figures_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = str(date.today().year)


def test_each_programme_sheet_charts_its_breakdowns_and_trends(world):
    scope = scope_for(world.user("district"), "220102000000", parse_period(YEAR))
    results = dashboard(scope, published=True)
    content = figures_workbook(scope, results, published=True)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert any(n.startswith("xl/charts/chart") for n in package.namelist())
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.worksheets[0]._charts == []  # the summary sheet has none
    charted = 0
    drawn = []
    for section, label in SECTION_LABELS.items():
        mine = [r for r in results if r.figure.section == section]
        if not mine:
            continue
        sheet = workbook[str(label)[:31]]
        blocks = sum(1 for r in mine for _l, cells in r.breakdowns.values() if cells)
        blocks += sum(1 for r in mine if r.figure.key in TREND_FIGURES)  # by month
        assert len(sheet._charts) == blocks, section
        charted += bool(blocks)
        for chart in sheet._charts:
            ref = chart.series[0].val.numRef.f  # e.g. 'Services'!$C$12:$C$23
            column, first, _column, last = range_boundaries(ref.split("!")[1].replace("$", ""))
            values = [sheet.cell(row, column).value for row in range(first, last + 1)]
            assert values and all(isinstance(v, int | float) or v == "<5" for v in values), ref
            drawn += [v for v in values if isinstance(v, int | float) and v > 0]
    assert charted >= 4 and len(drawn) >= 10
    services = workbook[str(SECTION_LABELS["services"])[:31]]
    kinds = {type(c).__name__ for c in services._charts}
    assert kinds == {"BarChart", "LineChart"}
