"""A flat table, for the bare floor and django-import-export in the import benchmark only."""

from django.db import models


class FlatRow(models.Model):
    building = models.CharField(max_length=50, blank=True, null=True)
    unit = models.CharField(max_length=50, blank=True, null=True)
    room = models.CharField(max_length=50, blank=True, null=True)
    name = models.CharField(max_length=50, blank=True, null=True)
    phone = models.CharField(max_length=50, blank=True, null=True)
    id_number = models.CharField(max_length=50, blank=True, null=True)
    tags = models.CharField(max_length=100, blank=True, null=True)
    notes = models.CharField(max_length=200, blank=True, null=True)

    class Meta:
        app_label = "bench"

    def __str__(self) -> str:
        return self.name
