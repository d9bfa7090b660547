"""StreamField blocks shared by every page type."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    size = blocks.ChoiceBlock(
        choices=[("h2", "Heading"), ("h3", "Subheading")],
        default="h2",
        help_text="Use 'Heading' for main sections and 'Subheading' inside them.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class FilmLinkBlock(EmbedBlock):
    """An embed that may also be saved when the video site cannot be reached.

    The film block always shows a plain link and the transcript, so an address the
    video site will not embed (or cannot be asked about, offline) is still useful.
    Stored exactly as an EmbedBlock, so no data or migration changes.
    """

    def clean(self, value):
        return super(EmbedBlock, self).clean(value)

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return "wagtail.embeds.blocks.EmbedBlock", args, kwargs


class VideoBlock(blocks.StructBlock):
    video = FilmLinkBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(max_length=120)
    transcript = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What the film says and shows, for people who cannot watch or hear it.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Leave blank to use the document's own title.")

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="For example 'A mum in Peebles'. Never a full name.")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Use when the link is to another website.")

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "document-link"])
    image = ImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
