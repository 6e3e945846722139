"""``softmax``, as the older version's ``q1_softmax.py`` provides it."""
from utils.utils import softmax

__all__ = ["softmax"]
