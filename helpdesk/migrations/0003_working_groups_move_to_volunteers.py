# The help desk's requests now point at volunteers.WorkingGroup, the same table as before:
# state only, no change to the database (see volunteers/0001_initial).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("helpdesk", "0002_idempotency_per_sender"),
        ("volunteers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="request",
                    name="group",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="requests", to="volunteers.workinggroup"),
                ),
                migrations.DeleteModel(name="WorkingGroup"),
            ],
        ),
    ]
