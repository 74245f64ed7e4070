"""The PySide6 desktop interface: views ask services and show what they return.

Grouped like ``services``: ``people/``, ``referrals/``, ``casework/``, ``schools/``,
``reports/`` and ``accounts/`` each hold that workflow's page, record window and forms;
``widgets/`` holds what they share (the page base, list pages and the lazy table model,
form scaffolding); ``main_window``, ``style``, ``workers`` and ``error_guard`` are the shell.
Nothing here holds a Session or an ORM object.
"""
