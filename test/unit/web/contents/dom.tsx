// Shared by the contents and webhooks page tests: a page rendered with a fake client, and the
// user's gestures (typing, choosing, clicking) done as a browser would dispatch them.
import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import type { ApiClient } from '../../../../web/dashboard/api/client.js';
import { DashboardContext } from '../../../../web/dashboard/context.js';

export function renderWith(host: HTMLElement, client: Partial<ApiClient>, page: ComponentChildren) {
  act(() =>
    render(
      <DashboardContext.Provider value={{ client: client as ApiClient, config: { appBase: '/app', apiBase: '', sharedContentId: null }, readOnly: false }}>
        {page}
      </DashboardContext.Provider>,
      host,
    ),
  );
}

/** Lets pending promises (the fake API's answers) and the renders they cause run: a render inside
 * act is flushed when act ends, and may start the next request (a row's report), hence rounds. */
export async function settle() {
  for (let round = 0; round < 4; round++) {
    await act(async () => {
      for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

/** The input or select of the label whose own text starts with `name`. */
export function field(root: ParentNode, name: string): HTMLInputElement | HTMLSelectElement {
  const label = [...root.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim().startsWith(name));
  const control = label?.querySelector('input, select');
  if (!control) throw new Error(`no field labelled ${name}`);
  return control as HTMLInputElement | HTMLSelectElement;
}

export function type(root: ParentNode, name: string, value: string) {
  const control = field(root, name);
  act(() => {
    control.value = value;
    control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

export const buttons = (root: ParentNode, text: string) => [...root.querySelectorAll('button')].filter((candidate) => candidate.textContent?.trim() === text);

export async function click(root: ParentNode, text: string) {
  act(() => button(root, text).click());
  await settle();
}

/** A promise settled from outside, for answers that arrive when the test says. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
