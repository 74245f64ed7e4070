"""Casework on screen: the diary and its week view, visits, the assessment, programme
and closure forms, follow-ups and calendar export."""
