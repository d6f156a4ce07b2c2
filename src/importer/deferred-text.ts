import type { Db } from '../db/connect.js';
import { indexPendingText } from '../search/text-index-batch.js';
import { saveWorks } from '../works/save-work.js';
import type { SaveWorksOptions } from '../works/save-work.js';
import type { TextWriter } from './text-writer.js';

/**
 * The import's side of a text writer: hands each stored batch's works to the writer (at most
 * `ahead` batches waiting), and passes the works whose rows were written to the next batch's
 * transaction, which clears their `text_pending` notes. `finish` waits for the writer, clears
 * the last notes, and indexes on this connection whatever the writer could not write.
 */
export class DeferredText {
  private inflight: Promise<void>[] = [];
  private written: number[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly db: Db,
    private readonly writer: TextWriter,
    private readonly ahead = 4,
  ) {}

  /** Options for the next `saveWorks`: its rows come here, notes of rows written since go. */
  options(): SaveWorksOptions {
    const written = this.written;
    this.written = [];
    return { deferText: (ids) => this.push(ids), textWritten: written };
  }

  /** Waits while more than `ahead` batches are still being written. */
  async settle(): Promise<void> {
    while (this.inflight.length > this.ahead) await this.inflight.shift();
  }

  /** Waits for every batch; returns the writer's error, if it had one (its works were indexed here instead). */
  async finish(): Promise<Error | null> {
    await Promise.all(this.inflight);
    this.inflight = [];
    await this.writer.close();
    if (this.written.length > 0) await saveWorks(this.db.kysely, this.db.dialect, [], { textWritten: this.written });
    this.written = [];
    if (this.failure) await indexPendingText(this.db);
    return this.failure;
  }

  private push(ids: number[]): void {
    this.inflight.push(
      this.writer.index(ids).then(
        () => void this.written.push(...ids),
        (e: unknown) => void (this.failure ??= e instanceof Error ? e : new Error(String(e))),
      ),
    );
  }
}
