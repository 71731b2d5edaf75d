import { beforeEach, describe, expect, it } from 'vitest';
import { childMemory, childMemoryKey } from '../../../../web/widget/child-memory.js';

const API = 'https://ripple.example';
const child = { code: 'Ch1ldC0de9', shortUrl: 'https://ripple.example/Ch1ldC0de9' };

beforeEach(() => localStorage.clear());

describe("the visitor's child, remembered per parent", () => {
  it('is recalled after it was remembered, for that parent and that Ripple only', () => {
    childMemory(() => localStorage, API, 'Parent1234').remember(child);
    expect(childMemory(() => localStorage, API, 'Parent1234').recall()).toEqual(child);
    expect(childMemory(() => localStorage, API, 'Other12345').recall()).toBeNull();
    expect(childMemory(() => localStorage, 'https://other.example', 'Parent1234').recall()).toBeNull();
    expect(JSON.parse(localStorage.getItem(childMemoryKey(API, 'Parent1234')) ?? '')).toEqual(child);
  });

  it('ignores a stored value that is not a link', () => {
    localStorage.setItem(childMemoryKey(API, 'Parent1234'), '{"code":"x","shortUrl":"javascript:alert(1)"}');
    expect(childMemory(() => localStorage, API, 'Parent1234').recall()).toBeNull();
    localStorage.setItem(childMemoryKey(API, 'Parent1234'), '{not json');
    expect(childMemory(() => localStorage, API, 'Parent1234').recall()).toBeNull();
  });

  it('works on without storage when the browser refuses it', () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const memory = childMemory(blocked, API, 'Parent1234');
    expect(() => memory.remember(child)).not.toThrow();
    expect(memory.recall()).toBeNull();
  });
});
