"""The PySide6 desktop interface: views ask services and show what they return."""
