"""``subtool rules``: the rule list and each rule's manual (its module docstring)."""

from __future__ import annotations

from subtool.core.errors import UsageError
from subtool.rules import BY_ID, RULES


def render_list() -> str:
    """Every rule: id, default severity, ``fix`` when fixable, summary."""
    width = max(len(r.id) for r in RULES)
    lines = [f"{r.id:<{width}}  {r.severity.value:<7}  {'fix' if r.fixable else '   '}  "
             f"{r.summary}" for r in RULES]
    return "\n".join(lines) + "\n"


def render_manual(rule_id: str) -> str:
    """One rule's manual and its facts (default severity, whether it needs a master, fix)."""
    rule = BY_ID.get(rule_id)
    if rule is None:
        raise UsageError(f"unknown rule {rule_id!r}",
                         hint="run 'subtool rules' for the list of rule ids")
    extra = [f"default severity: {rule.severity.value}"]
    if rule.needs_master:
        extra.append("needs a master to compare with (a project's, or the master file given)")
    if rule.fixable:
        extra.append("fixable with 'subtool fix'")
    return f"{rule.doc.strip()}\n\n" + "; ".join(extra) + "\n"
