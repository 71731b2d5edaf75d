// Nothing the widget does may throw into the host page: every listener runs through this.
export const guarded =
  <E extends Event>(handler: (event: E) => void) =>
  (event: E): void => {
    try {
      handler(event);
    } catch {
      // Swallowed on purpose: a broken share button must not break the campaign's page.
    }
  };
