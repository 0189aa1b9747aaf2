"""Folded YAML text reaches the model as plain text (ruamel marks folds with BEL internally)."""

from socialvalue.yamlnodes import YMap, YScalar, parse_text


def test_folded_scalar_has_no_fold_markers() -> None:
    root = parse_text("text: >\n  first line\n  folds into one\n", "t.yaml")
    assert isinstance(root, YMap)
    value = root.get("text")
    assert isinstance(value, YScalar)
    assert value.text == "first line folds into one\n"
    assert "\a" not in (value.text or "")
