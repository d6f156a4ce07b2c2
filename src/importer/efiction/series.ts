import type { EfTables } from './load-tables.js';

export interface EfictionSeries {
  sourceId: number;
  title: string;
  summary: string | null;
  creators: string[];
  /** The series this one is nested in (eFiction `inseries.subseriesid`), and its place there. */
  parentSourceId: number | null;
  part: number | null;
  /** Stories filed directly in this series, in reading order. */
  workSourceIds: number[];
}

export interface SeriesIndex {
  series: EfictionSeries[];
  /** Per story: every series it belongs to, directly or through a sub-series, with its part. */
  byStory: Map<number, { title: string; part: number | null }[]>;
  problems: string[];
}

type Item = { sid: number } | { sub: number };

/**
 * eFiction series can hold stories and other series. The archive's series are flat, so a
 * story is listed in its own series and in every enclosing one; its part in an enclosing
 * series is its place in that series' reading order with sub-series expanded in line.
 */
export function indexSeries(t: EfTables, pennames: Map<number, string>): SeriesIndex {
  const problems: string[] = [];
  const known = new Map(t.series.map((s) => [s.seriesid, s]));
  const storyIds = new Set(t.stories.map((s) => s.sid));
  const items = new Map<number, { order: number; item: Item }[]>();
  const parent = new Map<number, number>();

  for (const row of t.inSeries) {
    if (!known.has(row.seriesid)) {
      problems.push(`series ${row.seriesid} is listed in inseries but not in the series table`);
      continue;
    }
    if (!row.confirmed) {
      problems.push(`series ${row.seriesid}: entry for ${row.sid ? `story ${row.sid}` : `series ${row.subseriesid}`} was never confirmed by the series owner; left out`);
      continue;
    }
    let item: Item;
    if (row.subseriesid > 0 && (row.sid === 0 || !storyIds.has(row.sid))) {
      if (!known.has(row.subseriesid)) {
        problems.push(`series ${row.seriesid} contains unknown series ${row.subseriesid}`);
        continue;
      }
      item = { sub: row.subseriesid };
      if (!parent.has(row.subseriesid)) parent.set(row.subseriesid, row.seriesid);
    } else if (storyIds.has(row.sid)) {
      item = { sid: row.sid };
    } else {
      problems.push(`series ${row.seriesid} contains story ${row.sid}, which is not in the dump`);
      continue;
    }
    const list = items.get(row.seriesid) ?? [];
    list.push({ order: row.inorder, item });
    items.set(row.seriesid, list);
  }
  for (const list of items.values()) list.sort((a, b) => a.order - b.order || key(a.item) - key(b.item));

  const flatCache = new Map<number, number[]>();
  const flatten = (id: number, stack: Set<number>): number[] => {
    const cached = flatCache.get(id);
    if (cached) return cached;
    if (stack.has(id)) {
      problems.push(`series ${id} contains itself through its sub-series; the loop was cut`);
      return [];
    }
    stack.add(id);
    const out: number[] = [];
    for (const { item } of items.get(id) ?? []) {
      for (const sid of 'sid' in item ? [item.sid] : flatten(item.sub, stack)) if (!out.includes(sid)) out.push(sid);
    }
    stack.delete(id);
    flatCache.set(id, out);
    return out;
  };

  const series: EfictionSeries[] = [];
  const direct = new Map<number, { title: string; part: number | null }[]>();
  const indirect = new Map<number, { title: string; part: number | null }[]>();
  for (const s of [...t.series].sort((a, b) => a.seriesid - b.seriesid)) {
    const own = (items.get(s.seriesid) ?? []).flatMap(({ item }) => ('sid' in item ? [item.sid] : []));
    const flat = flatten(s.seriesid, new Set());
    const p = parent.get(s.seriesid) ?? null;
    const siblings = p === null ? [] : (items.get(p) ?? []);
    const pos = siblings.findIndex(({ item }) => 'sub' in item && item.sub === s.seriesid);
    series.push({
      sourceId: s.seriesid,
      title: s.title || `Series ${s.seriesid}`,
      summary: s.summary,
      creators: pennames.has(s.uid) ? [pennames.get(s.uid) as string] : [],
      parentSourceId: p,
      part: pos < 0 ? null : pos + 1,
      workSourceIds: own,
    });
    flat.forEach((sid, i) => {
      const target = own.includes(sid) ? direct : indirect;
      const list = target.get(sid) ?? [];
      list.push({ title: s.title || `Series ${s.seriesid}`, part: i + 1 });
      target.set(sid, list);
    });
  }
  const byStory = new Map<number, { title: string; part: number | null }[]>();
  for (const sid of new Set([...direct.keys(), ...indirect.keys()])) byStory.set(sid, [...(direct.get(sid) ?? []), ...(indirect.get(sid) ?? [])]);
  return { series, byStory, problems };
}

function key(i: Item): number {
  return 'sid' in i ? i.sid : -i.sub;
}
