"""ember.utils: helpers that torch keeps under ``torch.utils``."""
