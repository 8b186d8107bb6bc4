import fs from 'node:fs';
import path from 'node:path';
import { sections } from '@/components/shell/sections';
import { expect, expectAccessible, test } from './fixtures';
import { repoRoot } from './support';

for (const persona of ['owner', 'viewer'] as const) {
  test(`every section has no serious or critical accessibility violation (${persona})`, async ({
    ownerPage,
    viewerPage,
  }) => {
    test.setTimeout(120_000);
    const page = persona === 'owner' ? ownerPage : viewerPage;
    for (const { href } of sections) {
      await page.goto(href);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, `${href} as ${persona}`);
    }
  });
}

test('every section fits a tablet’s width: no page scrolls sideways (tables scroll inside their frame)', async ({
  ownerPage: page,
}) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const { href } of sections) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, href).toBeLessThanOrEqual(1);
  }
});

test('a screenshot of every section, in the test output and for docs/dashboard.md', async ({
  ownerPage: page,
}, testInfo) => {
  test.setTimeout(120_000);
  const docs = path.join(repoRoot, 'docs', 'screenshots');
  fs.mkdirSync(docs, { recursive: true });
  for (const { href } of sections) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const name = `section-${href.slice(1)}.png`;
    await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
    fs.copyFileSync(testInfo.outputPath(name), path.join(docs, name));
  }
});
