import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr with rate and ETA, shown only when stderr is a terminal (logs and
 * CI get the final report alone).
 */
export function createProgress(unit: string) {
  const enabled = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `{bar} {percentage}% | {value}/{total} ${unit} | {mb} MB | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, bytes: number) {
      if (!enabled) return;
      if (!started) {
        bar.start(total, 0, { mb: '0.0' });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { mb: (bytes / 1e6).toFixed(1) });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
