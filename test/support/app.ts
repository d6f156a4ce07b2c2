import type { Db } from '../../src/db/connect.js';
import { createServices } from '../../src/services.js';
import type { ArchiveServices } from '../../src/services.js';
import { createApp } from '../../src/web/app.js';
import type { SiteSettings } from '../../src/site-settings.js';

/** The real app over real services (works, tags, search with its index) on a test database. */
export async function testApp(db: Db, settings: Partial<SiteSettings> = {}): Promise<{ app: ReturnType<typeof createApp>; services: ArchiveServices }> {
  // Followers poll fast in tests so writes made outside the app show up promptly.
  const services = await createServices(db, { settings, pollMs: 50 });
  return { app: createApp(services), services };
}
