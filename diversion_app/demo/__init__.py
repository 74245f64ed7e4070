"""The demo generator and its bulk loader: a tool that writes plainly fictional data
through the models, not a user workflow. May import persistence, domain and
``services.base``; no workflow imports it.
"""
