import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How long the framed page must have been on screen, visible and unchanged, before a press on it
 * counts. A clickjacking page shows its own bait and swaps the bank's frame in (or uncovers it)
 * just before the customer's click; it cannot wait a whole second with the frame in plain view
 * without the customer seeing what they are about to press. A second is Firefox's delay before
 * its own security dialogs take a click (`security.dialog_enable_delay`), long past a person's
 * reaction time, and costs a real customer nothing: they read the consent text and tick
 * 「認可手続きを継続する」 first.
 */
export const VISIBLE_FOR_MS = 1000;

/** IntersectionObserver v2 (https://w3c.github.io/IntersectionObserver/v2/), Chromium only so far. */
interface VisibilityInit extends IntersectionObserverInit {
  trackVisibility: boolean;
  delay: number;
}
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };

export const tracksVisibility = (): boolean => 'isVisible' in IntersectionObserverEntry.prototype;

/**
 * Whether a press on the host is the customer's own, as far as the page can tell: at once on a
 * top-level page (nobody frames it); in a frame, only once the framed page has been shown for
 * `VISIBLE_FOR_MS` since the host appeared. Where the engine tracks visibility
 * (IntersectionObserver v2), "shown" means unoccluded, unfaded and untransformed on the
 * customer's screen, so a frame the partner's page covers never settles; elsewhere it means
 * intersecting the viewport of a visible tab, which a cover cannot be told apart from (README,
 * "Clickjacking").
 */
export class VisibilityGuard implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  #settled = window.parent === window;
  #shown = false;
  #timer?: ReturnType<typeof setTimeout>;
  #observer?: IntersectionObserver;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  get settled(): boolean {
    return this.#settled;
  }

  hostConnected(): void {
    if (window.parent === window) return;
    const visibility = tracksVisibility();
    // 100 ms is the least delay v2 allows between notifications.
    const options: VisibilityInit | IntersectionObserverInit = visibility
      ? { trackVisibility: true, delay: 100 }
      : {};
    this.#observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1) as VisibilityEntry;
      this.#shown = visibility ? entry.isVisible === true : entry.isIntersecting;
      this.#restart();
    }, options);
    // The whole framed page: a cover over any part of it may be what the customer is shown.
    this.#observer.observe(document.documentElement);
    // Without v2, a resized frame or a hidden tab starts the wait again.
    addEventListener('resize', this.#restart);
    document.addEventListener('visibilitychange', this.#restart);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    removeEventListener('resize', this.#restart);
    document.removeEventListener('visibilitychange', this.#restart);
    clearTimeout(this.#timer);
    this.#shown = false;
    this.#settled = window.parent === window;
  }

  #restart = () => {
    clearTimeout(this.#timer);
    if (this.#settled) {
      this.#settled = false;
      this.#host.requestUpdate();
    }
    if (!this.#shown || document.visibilityState !== 'visible') return;
    this.#timer = setTimeout(() => {
      this.#settled = true;
      this.#host.requestUpdate();
    }, VISIBLE_FOR_MS);
  };
}
