/** The markdown preview's renderer: GitHub markdown, raw HTML as text, app id comments hidden. */
import { describe, expect, it } from 'vitest';
import { markdownToSafeHtml } from '../../src/app/preview/render-markdown';

describe('markdownToSafeHtml', () => {
  it('renders task lists and hides only the app’s own id comments', () => {
    const html = markdownToSafeHtml(
      '- [ ] Write it `@dev` <!-- id:task_a1 -->\n- [x] Done <!---->\n\nkept <!-- other -->\n',
    );
    expect(html).toContain('<input type="checkbox" disabled="" />');
    expect(html).toContain('<input type="checkbox" disabled="" checked="" />');
    expect(html).toContain('<code>@dev</code>');
    expect(html).not.toContain('id:task_a1');
    expect(html).toContain('&lt;!-- other --&gt;');
  });

  it('shows raw HTML as text and drops script URLs', () => {
    const html = markdownToSafeHtml(
      '<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> [link](javascript:alert(1))\n',
    );
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<a href="">link</a>');
  });
});
