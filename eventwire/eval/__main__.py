import sys

from eventwire.eval.run import main

sys.exit(main())
