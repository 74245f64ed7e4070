"""Icons, fonts and desktop files (shipped as ``diversion_app._resources``)."""
