/**
 * Markdown → HTML for the preview, safely: micromark with GitHub extensions, raw HTML
 * escaped (allowDangerousHtml stays off) and dangerous link protocols dropped (micromark's
 * default). The app's own id comments (`<!-- id:task_x -->`, `<!---->`) are hidden, as
 * GitHub hides them; any other HTML in the text shows as text.
 */
import { micromark } from 'micromark';
import { type HtmlExtension, gfm, gfmHtml } from 'micromark-extension-gfm';

/** The comments session.md uses for ids and as a separator, nothing else. */
const appComment = /^<!--(?: id:[A-Za-z0-9_-]+ )?-->$/;

// Inline HTML that is one of our comments is compiled into a discarded buffer.
const hideAppComments: HtmlExtension = {
  enter: {
    htmlText(token) {
      if (appComment.test(this.sliceSerialize(token))) this.buffer();
    },
  },
  exit: {
    htmlText(token) {
      if (appComment.test(this.sliceSerialize(token))) this.resume();
    },
  },
};

/**
 * micromark's image element. A file from the folder may be anyone's: an image would fetch its
 * URL when the preview opens (a tracking pixel, or a request the CSP has to refuse), so images
 * show as their (already escaped) alt text instead.
 */
const imageTag = /<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? \/>/g;

/** HTML for `markdown`, safe to insert: no raw HTML, no script URLs, nothing fetched. */
export function markdownToSafeHtml(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: false,
    allowDangerousProtocol: false,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml(), hideAppComments],
  }).replace(imageTag, (_tag, alt: string) => `<span class="image-alt">[image: ${alt}]</span>`);
}
