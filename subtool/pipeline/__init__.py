"""The flows across a whole project: build, translate, publish.

Above the project I/O layer, below the CLI.
"""
