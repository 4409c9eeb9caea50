/**
 * The tree's virtual window: of all the rows, only those in view (plus a few either side)
 * are rendered, each placed at its offset in a canvas as tall as all rows together, so
 * 10,000 tasks scroll as smoothly as ten. Rows have one fixed height.
 */
import { type Accessor, createMemo, createSignal, onCleanup } from 'solid-js';

export const rowHeight = 34;
const overscan = 8;

export interface Placed<T> {
  item: T;
  top: number;
}

export interface VirtualWindow<T> {
  /** The rows to render, with their offsets. */
  windowed: Accessor<Placed<T>[]>;
  /** How many rows a page holds (PageUp / PageDown). */
  pageRows: Accessor<number>;
  /** Height of the canvas holding every row. */
  canvasHeight: Accessor<number>;
  /** Scrolls as little as needed to show the row at `at`. */
  scrollIntoView(at: number): void;
  /** The scrolling element's ref. */
  attach(element: HTMLElement): void;
  onScroll(): void;
}

export function createVirtualWindow<T>(items: Accessor<readonly T[]>): VirtualWindow<T> {
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(600);
  let viewport: HTMLElement | undefined;

  const windowed = createMemo(() => {
    const all = items();
    const first = Math.max(0, Math.floor(scrollTop() / rowHeight) - overscan);
    const last = Math.min(
      all.length,
      Math.ceil((scrollTop() + viewportHeight()) / rowHeight) + overscan,
    );
    return all.slice(first, last).map((item, i) => ({ item, top: (first + i) * rowHeight }));
  });

  return {
    windowed,
    pageRows: () => Math.floor(viewportHeight() / rowHeight),
    canvasHeight: () => items().length * rowHeight,
    scrollIntoView(at) {
      if (!viewport) return;
      const top = at * rowHeight;
      if (top < viewport.scrollTop) viewport.scrollTop = top;
      else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) {
        viewport.scrollTop = top + rowHeight - viewport.clientHeight;
      }
      setScrollTop(viewport.scrollTop);
    },
    attach(element) {
      viewport = element;
      const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight || 600));
      observer.observe(element);
      onCleanup(() => observer.disconnect());
    },
    onScroll: () => viewport && setScrollTop(viewport.scrollTop),
  };
}
