"""`linli`: the project's command line, a `manage.py` that is installed in the venv.

`linli parse-address TEXT` and `linli parse_address TEXT` are the same command: Django command
modules cannot have dashes in their names, people like typing them.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "linli"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
