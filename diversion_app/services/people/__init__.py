"""People: young people (search, add, edit, duplicates), households, Community Resolutions,
the timeline of everything known about a child, and the young person's record.

May import ``services.base`` and other workflows' public calls (the follow-up filled
when a child comes to notice again).
"""
