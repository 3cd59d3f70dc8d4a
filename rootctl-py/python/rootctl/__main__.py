"""``python -m rootctl``: the console command."""

import sys

from rootctl.cli import main

if __name__ == "__main__":
    sys.exit(main())
