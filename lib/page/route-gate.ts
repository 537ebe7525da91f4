/**
 * The content script runs on every business.facebook.com page (people reach WhatsApp Manager from
 * Business Suite's home, inbox or settings by in-app navigation), but works only on WhatsApp Manager's
 * routes. Outside them it is dormant: no scan, no observer, no message to the background. It wakes when
 * the single-page app moves into a WhatsApp Manager route (pushState, replaceState, popstate, the
 * Navigation API) and sleeps again when the person leaves.
 *
 * `wake` may be async (it asks the background for the state); a `sleep` that comes meanwhile wins: the
 * `awake()` callback given to `wake` says whether its work still matters.
 */
export interface RouteGateDeps {
  href(): string;
  isActive(href: string): boolean;
  wake(stillAwake: () => boolean): void | Promise<void>;
  sleep(): void;
}

export interface RouteGate {
  /**
   * Looks at the URL (the current one, or the destination a navigation event announces before it is
   * committed) and wakes or sleeps as it says. Call on start and on every navigation.
   */
  check(href?: string): void;
  readonly awake: boolean;
}

export function createRouteGate(deps: RouteGateDeps): RouteGate {
  let awake = false;
  let generation = 0;
  return {
    check(href) {
      const active = deps.isActive(href ?? deps.href());
      if (active === awake) return;
      awake = active;
      const mine = ++generation;
      if (active) void deps.wake(() => awake && generation === mine);
      else deps.sleep();
    },
    get awake() {
      return awake;
    },
  };
}
