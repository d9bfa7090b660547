from .send_pending_messages import Command as SendPendingMessages


class Command(SendPendingMessages):
    """The name this command had before texts: schedulers set up with it send every channel now."""
