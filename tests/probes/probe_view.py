"""A probe that draws from another module's compute (as the learned models' figures draw from video_diffusion's
training): its own module holds only the drawing and its labels."""

from snippets._figure import new_figure
from snippets._registry import Figure
from snippets.probe import _LINE


def draw_view(data, tr):
    fig, ax = new_figure(4, 2)
    ax.plot(data["y"][::-1])
    ax.set_title(tr("title"))
    return fig


LABELS = {"title": {"en": "Seen from elsewhere", "hi": "कहीं और से"}}
FIGURES = {"line": Figure(_LINE, draw_view)}
