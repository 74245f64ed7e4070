"""Reports on screen: the Reports page (caseload and period report, exports) and printing."""
