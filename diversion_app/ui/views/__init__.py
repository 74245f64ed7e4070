"""Pages of the main window, one per file."""
