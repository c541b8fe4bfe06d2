"""Allow ``python -m subtool``."""

from subtool.cli import main

main()
