"""Shared widgets and form scaffolding: the page base, list pages over the lazy table
model, columns, form fields, problem labels and save handling. Imports no workflow's UI.
"""
