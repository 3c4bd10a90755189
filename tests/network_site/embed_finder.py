from wagtail.embeds.finders.base import EmbedFinder


class LocalVideoFinder(EmbedFinder):
    """Answers for video.example without a network call, as a provider would."""

    def accept(self, url):
        return url.startswith("https://video.example/")

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "A network event",
            "type": "video",
            "html": f'<iframe title="A network event" src="{url}/player"></iframe>',
            "width": 640,
            "height": 360,
        }
