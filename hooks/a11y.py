"""Small accessibility fixes to Material's markup that axe-core reports as serious (see tests/test_reader.py)."""
from _common import page_lang, ui

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    # Material's search dialog has no accessible name (axe: aria-dialog-name)
    label = ui("search_dialog", page_lang(page))
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
