"""socialvalue: score the social value in tender responses and publish a defensible evaluation."""

__version__ = "0.1.0"
