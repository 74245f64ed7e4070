"""Diversion: case tracking for a police and Youth Offending Service youth diversion scheme."""

__version__ = "0.1.0"
APP_NAME = "Diversion"
ORG_NAME = "Diversion Scheme"
