import type { WorkBlurb } from '../works/model.js';
import type { Facets, SearchResult } from './plan.js';

/** One work in `GET /api/v1/works` (issue 5's response shape). */
export interface ApiWork {
  id: number;
  title: string;
  creators: { name: string; url: string }[];
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  /** Additional tags only. */
  tags: string[];
  summary: string | null;
  language: string;
  words: number;
  chapters: { posted: number; expected: number | null };
  complete: boolean;
  published: string;
  updated: string;
  stats: { hits: number; kudos: number; comments: number; bookmarks: number };
  url: string;
  snippets?: string[];
}

export interface ApiWorksResponse {
  total: number;
  page: number;
  per_page: number;
  works: ApiWork[];
  facets: Facets;
}

/**
 * Shapes a search result and the blurbs of its page (`workService.blurbs(result.ids)`, same
 * order) into the API response. Snippets are HTML with <mark> around matches; everything else
 * in them is escaped.
 */
export function apiWorksResponse(result: SearchResult, blurbs: readonly WorkBlurb[]): ApiWorksResponse {
  return {
    total: result.total,
    page: result.page,
    per_page: result.perPage,
    works: blurbs.map((b) => ({
      id: b.id,
      title: b.title,
      creators: b.creators.map((c) => ({ name: c.name, url: c.url })),
      rating: b.rating,
      warnings: b.warnings,
      categories: b.categories,
      fandoms: b.fandoms,
      relationships: b.relationships,
      characters: b.characters,
      tags: b.freeforms,
      summary: b.summary,
      language: b.language,
      words: b.words,
      chapters: { posted: b.chapterCount, expected: b.expectedChapters },
      complete: b.complete,
      published: b.publishedAt,
      updated: b.updatedAt,
      stats: b.stats,
      url: `/works/${b.id}`,
      ...(result.snippets?.[b.id] ? { snippets: result.snippets[b.id] } : {}),
    })),
    facets: result.facets,
  };
}
