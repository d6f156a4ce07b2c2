import { describe, expect, it } from 'vitest';
import { Names } from './names.js';

describe('Names', () => {
  it('reads packed names one at a time, keeps writes apart, and packs back the same', () => {
    const list = ['Winter Garden', '', 'Crème brûlée', '東京', 'last'];
    const names = Names.packed(Names.of([...list]).pack(list.length));
    expect(list.map((_, i) => names.get(i))).toEqual(list);
    expect(names.get(99)).toBe('');
    names.pad(10);
    names.set(1, 'Filled In');
    names.set(7, 'Posted Later');
    expect(names.get(1)).toBe('Filled In');
    expect(names.get(7)).toBe('Posted Later');
    expect(names.get(8)).toBe('');
    const expected = ['Winter Garden', 'Filled In', 'Crème brûlée', '東京', 'last', '', '', 'Posted Later', '', ''];
    expect(names.all()).toEqual(expected);
    expect(Names.packed(names.pack(10)).all()).toEqual(expected);
  });

  it('keeps names holding a NUL (packed as JSON)', () => {
    const list = ['a\0b', 'plain'];
    const names = Names.packed(Names.of(list).pack(2));
    expect([names.get(0), names.get(1)]).toEqual(list);
  });
});
