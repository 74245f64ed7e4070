"""The scheme's rules in plain Python: no Qt, no SQL, no ReportLab."""
