"""Young people on screen: the search page, the record window, the young person and
household forms, Community Resolutions and the pupil picker other forms reuse."""
