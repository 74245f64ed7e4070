"""The shared base every workflow stands on: unit of work, actor, errors, listing, audit.

Imports the domain and persistence only; never a workflow package or the UI.
"""
