"""The flows across a whole project: build, translate, publish (above project I/O, below the CLI)."""
