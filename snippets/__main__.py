"""Render one figure or value without the site: ``python -m snippets attention_cost.cost_curve --lang hi -o x.svg``."""

import argparse
import sys

from sitegen.svg import to_svg
from snippets import _registry as reg


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m snippets", description=__doc__)
    ap.add_argument("ref", help="<module>.<name> of a figure or value")
    ap.add_argument("--lang", choices=reg.LANGUAGES, default="en")
    ap.add_argument("-o", "--out", help="SVG file to write (figures)")
    args = ap.parse_args(argv)
    module = args.ref.partition(".")[0]
    try:
        item = reg.find("FIGURES", args.ref)
    except LookupError:
        item = reg.find("VALUES", args.ref)
        print(format(item.compute.run()[item.key], item.fmt))
        return 0
    svg = to_svg(item.draw(item.run(), reg.translator(module, args.lang)))
    with open(args.out or f"{args.ref}.{args.lang}.svg", "wb") as f:
        f.write(svg)
    print(f"{args.out or args.ref + '.' + args.lang + '.svg'}: {len(svg) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
