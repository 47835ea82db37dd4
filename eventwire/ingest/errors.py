class IngestError(Exception):
    """An expected problem with one input: reported as one line, the batch goes on."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
