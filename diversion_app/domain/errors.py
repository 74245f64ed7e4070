"""The domain's exceptions: each carries a plain sentence a user can act on."""


class DomainError(Exception):
    """A rule of the scheme was broken; the message says what to fix."""


class ValidationError(DomainError):
    """Input that cannot be saved. ``problems`` maps a field name to a plain sentence."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))
