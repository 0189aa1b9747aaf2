"""Rubrics: the model, the loader, the shipped catalogue and a readable view."""

from .load import load_rubric, load_rubric_text
from .model import Rubric

__all__ = ["Rubric", "load_rubric", "load_rubric_text"]
