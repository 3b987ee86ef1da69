# Working groups move from the help desk to their own app. The table and its rows stay where
# they are (helpdesk_workinggroup and its members table): only Django's idea of which app owns
# the model changes, so this migration touches no data.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("registry", "0001_initial"),
        ("helpdesk", "0002_idempotency_per_sender"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="WorkingGroup",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=50, verbose_name="name")),
                        ("categories", models.JSONField(default=list, verbose_name="categories")),
                        ("compound", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="groups", to="registry.compound")),
                        ("leader", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="led_groups", to=settings.AUTH_USER_MODEL)),
                        ("members", models.ManyToManyField(blank=True, db_table="helpdesk_workinggroup_members", related_name="working_groups", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "helpdesk_workinggroup",
                        "ordering": ["compound", "name"],
                        "constraints": [models.UniqueConstraint(fields=("compound", "name"), name="group_unique_name")],
                    },
                ),
            ],
        ),
    ]
