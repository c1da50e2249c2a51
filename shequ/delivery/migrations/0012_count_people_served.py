from django.db import migrations


class Migration(migrations.Migration):
    """The people counters were filled here from the month roll-up; 0013 now recounts them
    with person-times (people_counts.rebuild() writes both, and this migration runs before the
    person-times column exists)."""

    dependencies = [("delivery", "0011_people_count")]

    operations: list[migrations.operations.base.Operation] = []
