from __future__ import annotations

from django.contrib import admin

from .models import Award, BrightSpot, EmulationModel, Inspection, Programme, SteeringCommittee

admin.site.register([SteeringCommittee, Programme, Inspection, BrightSpot, EmulationModel, Award])
